/** Reads a JSON file for the CLI (a config, a Results file, a tuning plan), failing with one line that names the file (no stack trace). */
import { readFile } from 'node:fs/promises';
import { LabError } from '../engine/errors';

export async function readJsonFile(path: string, what = 'config'): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new LabError(`cannot read ${what} file ${path}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new LabError(`${path} is not valid JSON: ${(err as Error).message}`);
  }
}
