/** A data-testid for props objects antd types without data-* (modal buttons). */
export const testId = (id: string) => ({ 'data-testid': id }) as Record<`data-${string}`, string>;
