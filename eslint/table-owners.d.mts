import type { Linter } from 'eslint';

export const tableOwnerSyntax: { selector: string; message: string }[];
export const tableOwnerFiles: string[];
export const tableOwnerExempt: string[];
export const pendingTableOwners: string[];
export const tableOwnerConfig: Linter.Config[];
