import { Card } from 'antd';

export default function Page() {
  return <Card title="登记">建设中</Card>;
}
