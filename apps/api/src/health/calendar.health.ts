import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { CalendarService, missingCalendarMessage } from '@app/calendar';

/**
 * The working calendar covers the years clocks now run into: a warning, never a failure (the API
 * works on; clocks counted into a missing year are provisional until an administrator loads it).
 */
@Injectable()
export class CalendarHealthIndicator {
  constructor(
    private readonly calendar: CalendarService,
    private readonly health: HealthIndicatorService,
  ) {}

  async check(key: string) {
    const indicator = this.health.check(key);
    const missing = await this.calendar.missingYears();
    if (missing.length === 0) return indicator.up();
    return indicator.up({ warning: missingCalendarMessage(missing), missingYears: missing });
  }
}
