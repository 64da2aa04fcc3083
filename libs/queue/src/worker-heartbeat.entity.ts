import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last heartbeat job each worker process ran: proof that jobs flow through Redis. */
@Entity('worker_heartbeats')
export class WorkerHeartbeatEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  workerId: string;

  @Column({ type: 'varchar', length: 100 })
  hostname: string;

  @Column({ type: 'int', unsigned: true })
  pid: number;

  @Column({ type: 'datetime', precision: 3 })
  startedAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  lastBeatAt: Date;

  @Column({ type: 'varchar', length: 100 })
  lastJobId: string;

  @Column({ type: 'int', unsigned: true })
  beats: number;
}
