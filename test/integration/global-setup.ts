// Starts one local stack for the integration tests that share it, and stops it afterwards.
import type { TestProject } from 'vitest/node';
import { startStackProcess } from '../../infra/local/stack-process.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    stateDir: string;
    dynamoDbEndpoint: string;
    sesEndpoint: string;
    logFile: string;
  }
}

export default async function setup(project: TestProject) {
  const stack = await startStackProcess();
  project.provide('baseUrl', stack.ready.url);
  project.provide('stateDir', stack.ready.stateDir);
  project.provide('dynamoDbEndpoint', stack.ready.dynamoDbEndpoint);
  project.provide('sesEndpoint', stack.ready.sesEndpoint);
  project.provide('logFile', stack.logFile);
  return () => stack.stop();
}
