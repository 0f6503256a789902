import type { ScalingExecutorConfig } from '../config/autoscaler-schema.js';
import { AppError } from '../errors.js';
import { CommandExecutor } from './command-executor.js';
import type { ScalingExecutor } from './scaling-executor.js';
import { WebhookExecutor } from './webhook-executor.js';

/** The executor a topology's `executor` section names; undefined for `advisor` (which runs nothing). */
export function createExecutor(config: ScalingExecutorConfig): ScalingExecutor | undefined {
  switch (config.type) {
    case 'advisor':
      return undefined;
    case 'webhook':
      if (!config.webhook) throw new AppError('CONFIG_INVALID', 'executor.webhook.url is required');
      return new WebhookExecutor({
        url: config.webhook.url,
        timeoutMs: config.timeoutMs,
        ...(config.webhook.headers ? { headers: config.webhook.headers } : {}),
      });
    case 'command':
      if (!config.command) throw new AppError('CONFIG_INVALID', 'executor.command.argv is required');
      return new CommandExecutor({ argv: config.command.argv, timeoutMs: config.timeoutMs });
  }
}
