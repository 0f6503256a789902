import { readFileSync } from 'node:fs';
import { cpus, platform, release, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';

export interface BenchEnvironment {
  machine: { os: string; cpuModel: string; cores: number; totalMemoryGiB: number };
  versions: Record<string, string>;
}

/** The machine and the versions the numbers were measured with. */
export async function benchEnvironment(redis: Redis): Promise<BenchEnvironment> {
  const server = await redis.info('server');
  const redisVersion = /^redis_version:(\S+)/m.exec(server)?.[1] ?? 'unknown';
  return {
    machine: {
      os: `${osName()} (${platform()} ${release()})`,
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
      cores: cpus().length,
      totalMemoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    },
    versions: {
      node: process.version,
      redis: redisVersion,
      bullmq: packageVersion('bullmq'),
      ioredis: packageVersion('ioredis'),
      fastify: packageVersion('fastify'),
      'fastify-type-provider-zod': packageVersion('fastify-type-provider-zod'),
      zod: packageVersion('zod'),
      autocannon: packageVersion('autocannon'),
    },
  };
}

function packageVersion(name: string): string {
  // Read directly: not every package exports its package.json.
  const path = fileURLToPath(new URL(`../../node_modules/${name}/package.json`, import.meta.url));
  return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
}

function osName(): string {
  try {
    return /^PRETTY_NAME="?([^"\n]+)"?/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? platform();
  } catch {
    return platform();
  }
}
