import { Card } from 'antd';

export default function Page() {
  return <Card title="信访件">建设中</Card>;
}
