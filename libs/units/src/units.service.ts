import { Injectable } from '@nestjs/common';
import { Clock, staleVersion } from '@app/core';
import { isUniqueViolation } from '@app/database';
import type { UnitEntity, UnitKind, UnitLevel } from './unit.entity';
import { UnitsRepository } from './units.repository';
import { unitCodeTaken, unitNameTaken, unitNotFound } from './units.errors';

export interface CreateUnitInput {
  code: string;
  name: string;
  kind: UnitKind;
  level: UnitLevel;
  contactPerson?: string | null;
  contactPhone?: string | null;
}

export type UpdateUnitInput = Partial<Omit<CreateUnitInput, 'code'>> & {
  active?: boolean;
  version: number;
};

export interface UnitFilter {
  kind?: UnitKind;
  active?: boolean;
}

@Injectable()
export class UnitsService {
  constructor(
    private readonly units: UnitsRepository,
    private readonly clock: Clock,
  ) {}

  list(filter: UnitFilter = {}): Promise<UnitEntity[]> {
    return this.units.list(filter);
  }

  /** The unit, or null when there is none. */
  find(id: number): Promise<UnitEntity | null> {
    return this.units.findById(id);
  }

  async get(id: number): Promise<UnitEntity> {
    const unit = await this.units.findById(id);
    if (!unit) throw unitNotFound(id);
    return unit;
  }

  async create(input: CreateUnitInput): Promise<UnitEntity> {
    const now = this.clock.now();
    const unit = {
      ...input,
      contactPerson: input.contactPerson ?? null,
      contactPhone: input.contactPhone ?? null,
      active: true,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    try {
      return await this.units.insert(unit);
    } catch (e) {
      throw this.translateUniqueViolation(e, input);
    }
  }

  async update(id: number, input: UpdateUnitInput): Promise<UnitEntity> {
    const { version, ...changes } = input;
    try {
      const ok = await this.units.update(id, version, {
        ...changes,
        updatedAt: this.clock.now(),
      });
      if (!ok) {
        await this.get(id); // 404 when it is gone
        throw staleVersion('单位', id);
      }
    } catch (e) {
      throw this.translateUniqueViolation(e, input);
    }
    return this.get(id);
  }

  private translateUniqueViolation(e: unknown, input: Partial<CreateUnitInput>): unknown {
    if (isUniqueViolation(e, 'uq_units_code')) return unitCodeTaken(input.code ?? '');
    if (isUniqueViolation(e, 'uq_units_name')) return unitNameTaken(input.name ?? '');
    return e;
  }
}
