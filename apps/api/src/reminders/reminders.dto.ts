import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { DEADLINE_UNITS, type DeadlineUnit } from '@app/calendar';
import {
  OUTBOUND_CHANNELS,
  type OutboundChannel,
  RECIPIENT_GROUPS,
  type RecipientGroup,
} from '@app/reminders';
import { CursorQuery, SmallPageQuery } from '../common/page.query';
import { toBoolean } from '../common/transforms';
import { IsText } from '../common/validators';

export class ListNotificationsQuery extends SmallPageQuery {
  @ApiPropertyOptional({ description: 'Only unread ones' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  unread?: boolean;
}

export class PageQuery extends CursorQuery {
  @ApiPropertyOptional({ default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class ContactDto {
  @ApiProperty({ type: String, nullable: true, description: 'null removes the address' })
  @ValidateIf((_, v) => v !== null)
  @IsEmail()
  @MaxLength(254)
  email: string | null;
}

export class UpdateReminderRuleDto {
  @ApiProperty() @IsInt() @Min(1) version: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() enabled?: boolean;

  @ApiPropertyOptional({ description: 'Days from the due date (due_soon: negative)' })
  @IsOptional()
  @IsInt()
  @Min(-30)
  @Max(60)
  offset?: number;

  @ApiPropertyOptional({ enum: DEADLINE_UNITS })
  @IsOptional()
  @IsIn(DEADLINE_UNITS)
  unit?: DeadlineUnit;

  @ApiPropertyOptional({ enum: RECIPIENT_GROUPS, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(3)
  @IsIn(RECIPIENT_GROUPS, { each: true })
  recipients?: RecipientGroup[];

  @ApiPropertyOptional({ enum: OUTBOUND_CHANNELS, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(2)
  @IsIn(OUTBOUND_CHANNELS, { each: true })
  channels?: OutboundChannel[];
}

export class CreateWebhookDto {
  @ApiProperty() @IsText() @MinLength(1) @MaxLength(100) name: string;

  @ApiProperty({ example: 'https://im.example.gov.cn/hooks/petitions' })
  @IsString()
  @Matches(/^https?:\/\/\S+$/, { message: 'url must be an http(s) URL' })
  @MaxLength(500)
  url: string;

  @ApiProperty({ description: 'HMAC-SHA256 key shared with the receiver (16+ characters)' })
  @IsText()
  @MinLength(16)
  @MaxLength(200)
  secret: string;

  @ApiPropertyOptional() @IsOptional() @IsBoolean() enabled?: boolean;
}

export class UpdateWebhookDto {
  @ApiProperty() @IsInt() @Min(1) version: number;
  @ApiPropertyOptional() @IsOptional() @IsText() @MinLength(1) @MaxLength(100) name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(/^https?:\/\/\S+$/, { message: 'url must be an http(s) URL' })
  @MaxLength(500)
  url?: string;

  @ApiPropertyOptional() @IsOptional() @IsText() @MinLength(16) @MaxLength(200) secret?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() enabled?: boolean;
}
