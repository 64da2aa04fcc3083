import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Roles } from '@app/auth';
import { HeartbeatService, type WorkerHeartbeatEntity } from '@app/queue';

export class WorkerResponse {
  @ApiProperty() workerId: string;
  @ApiProperty() hostname: string;
  @ApiProperty() pid: number;
  @ApiProperty() startedAt: string;
  @ApiProperty() lastBeatAt: string;
  @ApiProperty() beats: number;

  static from(w: WorkerHeartbeatEntity): WorkerResponse {
    return Object.assign(new WorkerResponse(), {
      workerId: w.workerId,
      hostname: w.hostname,
      pid: w.pid,
      startedAt: w.startedAt.toISOString(),
      lastBeatAt: w.lastBeatAt.toISOString(),
      beats: w.beats,
    });
  }
}

@ApiTags('system 系统')
@Roles('admin')
@Controller('system')
export class SystemController {
  constructor(private readonly heartbeat: HeartbeatService) {}

  @Get('workers')
  @ApiOperation({ summary: '后台任务进程及其最近心跳' })
  async workers(): Promise<WorkerResponse[]> {
    return (await this.heartbeat.list()).map((w) => WorkerResponse.from(w));
  }

  @Post('workers/probe')
  @HttpCode(202)
  @ApiOperation({ summary: '投递一次心跳任务，检验队列与后台进程是否工作' })
  async probe(): Promise<{ jobId: string }> {
    return { jobId: await this.heartbeat.probe() };
  }
}
