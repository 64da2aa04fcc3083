import { Card } from 'antd';

export default function Page() {
  return <Card title="信访件详情">建设中</Card>;
}
