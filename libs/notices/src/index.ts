export * from './notice-kinds';
export * from './notice.entity';
export * from './notices.errors';
export * from './notice-templates.service';
export * from './notices.service';
export * from './notices.module';
