import { readFileSync } from 'node:fs';
import { extname } from 'node:path';

export interface PlanBody {
  body: Uint8Array;
  contentType: 'application/json' | 'application/x-protobuf';
}

const JSON_EXTENSIONS = new Set(['.json']);
const PROTOBUF_EXTENSIONS = new Set(['.pb', '.bin', '.protobuf', '.binpb']);

/**
 * A proposed plan file as a request body: a Heron PackingPlan as protobuf bytes or JSON (the message's JSON
 * form or the Tracker's), or a Storm assignment (JSON). The content type comes from the extension
 * (`.json`; `.pb`, `.bin`, `.binpb`, `.protobuf`), otherwise from the content: JSON's first non-blank
 * byte is `{`; anything else is sent as protobuf (the API says so with a 400 if it is neither).
 */
export function readPlanFile(path: string): PlanBody {
  const body = new Uint8Array(readFileSync(path));
  const ext = extname(path).toLowerCase();
  if (JSON_EXTENSIONS.has(ext)) return { body, contentType: 'application/json' };
  if (PROTOBUF_EXTENSIONS.has(ext)) return { body, contentType: 'application/x-protobuf' };
  const first = body.find((b) => b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d);
  return { body, contentType: first === 0x7b ? 'application/json' : 'application/x-protobuf' };
}
