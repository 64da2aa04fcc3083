// Jest setupFiles: runs in every test process before any module is loaded.
import { applyTestEnv } from '@app/testing';

applyTestEnv();
