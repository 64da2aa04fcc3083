import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import '../lib/time';
import { AuthProvider, RequireAuth } from './auth';
import { ConsoleLayout } from './console-layout';
import { queryClient } from './query';
import { PageLoading } from '../components/page-loading';
import { SignInPage } from '../pages/sign-in/sign-in-page';

const HomePage = lazy(() => import('../pages/home/home-page'));
const PasswordPage = lazy(() => import('../pages/sign-in/password-page'));
const CaseListPage = lazy(() => import('../pages/cases/list/case-list-page'));
const CaseDetailPage = lazy(() => import('../pages/cases/detail/case-detail-page'));
const RegisterPage = lazy(() => import('../pages/cases/register/register-page'));
const WorkbenchPage = lazy(() => import('../pages/workbench/workbench-page'));
const InboxPage = lazy(() => import('../pages/inbox/inbox-page'));
const NotFoundPage = lazy(() => import('../pages/not-found-page'));

export function App() {
  return (
    // No space between two Chinese characters on buttons: a button reads as its name (转送, not 转 送).
    <ConfigProvider
      locale={zhCN}
      theme={{ token: { colorPrimary: '#b8272c' } }}
      button={{ autoInsertSpace: false }}
    >
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <AuthProvider>
              <Routes>
                <Route path="/sign-in" element={<SignInPage />} />
                <Route
                  element={
                    <RequireAuth>
                      <ConsoleLayout />
                    </RequireAuth>
                  }
                >
                  {[
                    ['/', <HomePage key="home" />],
                    ['/account/password', <PasswordPage key="password" />],
                    ['/cases', <CaseListPage key="list" />],
                    ['/cases/new', <RegisterPage key="new" />],
                    ['/cases/:id', <CaseDetailPage key="detail" />],
                    ['/workbench', <WorkbenchPage key="workbench" />],
                    ['/inbox', <InboxPage key="inbox" />],
                    ['*', <NotFoundPage key="404" />],
                  ].map(([path, element]) => (
                    <Route
                      key={path as string}
                      path={path as string}
                      element={<Suspense fallback={<PageLoading />}>{element}</Suspense>}
                    />
                  ))}
                </Route>
              </Routes>
            </AuthProvider>
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
