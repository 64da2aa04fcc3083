import { Card } from 'antd';

export default function Page() {
  return <Card title="消息">建设中</Card>;
}
