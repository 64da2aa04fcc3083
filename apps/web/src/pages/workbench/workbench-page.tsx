import { Card } from 'antd';

export default function Page() {
  return <Card title="单位工作台">建设中</Card>;
}
