// Starts one local stack for the integration tests that share it, and stops it afterwards.
import type { TestProject } from 'vitest/node';
import { startStackProcess, type StackProcess } from '../../infra/local/stack-process.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    stateDir: string;
    dynamoDbEndpoint: string;
    sesEndpoint: string;
    logFile: string;
  }
}

/** Tells the project's tests where the stack is; the e2e project's setup uses it too. */
export function provideStack(project: TestProject, stack: StackProcess): void {
  project.provide('baseUrl', stack.ready.url);
  project.provide('stateDir', stack.ready.stateDir);
  project.provide('dynamoDbEndpoint', stack.ready.dynamoDbEndpoint);
  project.provide('sesEndpoint', stack.ready.sesEndpoint);
  project.provide('logFile', stack.logFile);
}

export default async function setup(project: TestProject) {
  const stack = await startStackProcess();
  provideStack(project, stack);
  return () => stack.stop();
}
