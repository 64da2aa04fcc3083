import openapi from './openapi.json';
import {
  ApiError,
  describeError,
  fieldErrorsOf,
  HANDLED_ERROR_CODES,
  isStaleVersion,
} from './errors';

type Schema = { enum?: string[]; properties?: Record<string, Schema> };
const declared = (openapi as unknown as { components: { schemas: Record<string, Schema> } })
  .components.schemas.ErrorResponse?.properties?.code?.enum;

const validation = ApiError.from(400, {
  statusCode: 400,
  code: 'VALIDATION_FAILED',
  message: '请求参数校验失败',
  details: [
    { field: 'title', messages: ['title must be longer than or equal to 2 characters'] },
    { field: 'petitioners.0.idNumber', messages: ['身份证号格式不正确'] },
    { field: 'nonsense', messages: ['x'] },
  ],
  requestId: 'r1',
});

describe('API errors are shown next to the field that caused them', () => {
  it('maps VALIDATION_FAILED fields, nested ones as antd name paths', () => {
    expect(fieldErrorsOf(validation)).toEqual([
      { name: ['title'], errors: ['title must be longer than or equal to 2 characters'] },
      { name: ['petitioners', 0, 'idNumber'], errors: ['身份证号格式不正确'] },
      { name: ['nonsense'], errors: ['x'] },
    ]);
  });

  it('keeps only the fields the form has; the rest is for the banner', () => {
    expect(fieldErrorsOf(validation, ['title', 'petitioners']).map((e) => e.name[0])).toEqual([
      'title',
      'petitioners',
    ]);
  });

  it('a domain error naming one field puts its message there', () => {
    const e = ApiError.from(400, {
      statusCode: 400,
      code: 'CATEGORY_UNKNOWN',
      message: '内容分类不存在',
      details: { field: 'categoryCode' },
    });
    expect(fieldErrorsOf(e)).toEqual([{ name: ['categoryCode'], errors: ['内容分类不存在'] }]);
  });

  it('an error without fields maps to none, and reads as message and code', () => {
    const e = ApiError.from(409, {
      statusCode: 409,
      code: 'STALE_VERSION',
      message: '信访件已被他人修改，请刷新后重试',
    });
    expect(fieldErrorsOf(e)).toEqual([]);
    expect(isStaleVersion(e)).toBe(true);
    expect(describeError(e)).toBe('信访件已被他人修改，请刷新后重试（STALE_VERSION）');
    expect(isStaleVersion(validation)).toBe(false);
  });

  it('a body that is not the error shape (a proxy page, no network) still reads in Chinese', () => {
    expect(describeError(ApiError.from(502, '<html>'))).toBe('服务器返回 502（NETWORK）');
    expect(describeError(ApiError.from(0, undefined))).toBe('无法连接服务器（NETWORK）');
  });
});

describe('the error codes the console names', () => {
  it('are codes the API declares (ErrorResponse.code in the OpenAPI document)', () => {
    expect(declared?.length).toBeGreaterThan(100);
    expect(HANDLED_ERROR_CODES.filter((c) => !declared!.includes(c))).toEqual([]);
  });
});
