import { GetQueueAttributesCommand, QueueDoesNotExist } from '@aws-sdk/client-sqs';
import { awsCallOrMissing, isErrorNamed } from '../calls';
import { CHECKS, CheckDefinition } from '../catalogue';
import { CheckContext, CheckSubject, guarded, judged } from '../check';
import { QueueNames } from '../names';
import { CheckResult } from '../types';

/** RDY-FEED-001..004: backlog of each Region's feed queue, and emptiness of each dead-letter queue. */
export async function checkFeedQueues(ctx: CheckContext): Promise<CheckResult[]> {
  const { queues, deadLetterQueues } = ctx.targets.feed;
  const max = ctx.thresholds.maxFeedBacklog;
  const results = await Promise.all([
    checkQueue(ctx, CHECKS.feedQueuePrimary, queues.primary, max, `--max-feed-backlog`),
    checkQueue(ctx, CHECKS.feedQueueStandby, queues.standby, max, `--max-feed-backlog`),
    checkQueue(ctx, CHECKS.feedDlqPrimary, deadLetterQueues.primary, 0, 'dead-letter queue'),
    checkQueue(ctx, CHECKS.feedDlqStandby, deadLetterQueues.standby, 0, 'dead-letter queue'),
  ]);
  return results.flat();
}

async function checkQueue(ctx: CheckContext, check: CheckDefinition, queue: QueueNames, max: number, why: string): Promise<CheckResult[]> {
  const subject: CheckSubject = { region: queue.region, resource: queue.url, threshold: `ApproximateNumberOfMessages <= ${max} (${why})` };
  return guarded([[check, subject]], async () => {
    const out = await awsCallOrMissing(
      'SQS GetQueueAttributes',
      queue.region,
      (e) => e instanceof QueueDoesNotExist || isErrorNamed(e, 'QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue'),
      () => ctx.clients.sqs(queue.region).send(new GetQueueAttributesCommand({ QueueUrl: queue.url, AttributeNames: ['ApproximateNumberOfMessages'] })),
    );
    if (!out) return [judged(check, subject, false, 'no such queue', `queue ${queue.name} does not exist in ${queue.region}`)];
    const raw = out.Attributes?.ApproximateNumberOfMessages;
    const depth = raw === undefined ? Number.NaN : Number(raw);
    if (!Number.isFinite(depth))
      return [judged(check, subject, false, 'ApproximateNumberOfMessages not returned', `queue ${queue.name} did not report its depth`)];
    return [
      judged(
        check,
        subject,
        depth <= max,
        `${depth} messages`,
        depth <= max ? `queue ${queue.name} holds ${depth} messages` : `queue ${queue.name} holds ${depth} messages, over ${max}`,
      ),
    ];
  });
}
