/**
 * alarms-page: every CloudWatch alarm of the plan reaches someone. The recovery story (Aurora
 * replication lag, S3 replication time, unhealthy targets, Karpenter's interruption queue) relies
 * on these alarms paging the on-call; an alarm that changes state and notifies no one is a
 * dashboard, not an alarm.
 *
 * Judged, with the provider defaults (aws.cloudwatch.MetricAlarm / CompositeAlarm, @pulumi/aws 7.x,
 * https://www.pulumi.com/registry/packages/aws/api-docs/cloudwatch/metricalarm/):
 * - actionsEnabled !== false (default true);
 * - alarmActions (default none) names at least one SNS topic of this plan — its `arn` or `id`
 *   (an SNS topic's id is its ARN), or an SNS ARN (arn:<partition>:sns:<region>:<account>:<name>)
 *   whose name is the topic's `name`. Other actions (Auto Scaling, EC2, Systems Manager, Lambda)
 *   may come too; they do not page.
 * - that topic has at least one aws:sns/topicSubscription in the plan: a topic nobody subscribes
 *   to delivers nothing (reported once, on the topic).
 * A metric alarm that only feeds a composite alarm of the plan (the composite depends on it, its
 * alarmRule naming it) need not page itself: the composite is judged instead.
 * (checkov CKV_AWS_319; Guard CLOUDWATCH_ALARM_ACTION_CHECK, which also wants alarmActions.)
 * A topic outside the plan (another stack's or account's) is not accepted: the pack cannot tell
 * that anyone reads it.
 */
import { stackRule, StackProblem } from "../define";
import type { GraphResource } from "../graph-types";
import { Net, strings } from "../network/refs";

const T = {
    metricAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    compositeAlarm: "aws:cloudwatch/compositeAlarm:CompositeAlarm",
    topic: "aws:sns/topic:Topic",
    subscription: "aws:sns/topicSubscription:TopicSubscription",
} as const;

/** The topic name of an SNS topic ARN, or undefined when the string is no SNS topic ARN. */
export function snsTopicName(arn: string): string | undefined {
    const m = /^arn:[a-z-]+:sns:[a-z0-9-]+:\d{12}:([A-Za-z0-9_-]+(?:\.fifo)?)$/.exec(arn);
    return m?.[1];
}

/**
 * The topics of the plan an ARN names (see the file comment). A topic without a `name` (named by
 * Pulumi) counts when `user`, the resource holding the ARN, depends on it.
 */
export function topicsNamed(arn: string, topics: readonly GraphResource[], user?: GraphResource): GraphResource[] {
    const name = snsTopicName(arn);
    return topics.filter((t) => t.props.arn === arn || t.props.id === arn
        || (name !== undefined && (t.props.name === name || (t.props.name === undefined && user !== undefined && user.dependencies.includes(t.urn)))));
}

/** Why an alarm pages no one, or the topics of the plan it pages. */
export function alarmRoute(alarm: GraphResource, topics: readonly GraphResource[]): { problem: string } | { topics: GraphResource[] } {
    const kind = alarm.type === T.compositeAlarm ? "Composite alarm" : "Alarm";
    if (alarm.props.actionsEnabled === false) {
        return { problem: `${kind} ${alarm.name} has its actions disabled (actionsEnabled false): it changes state and pages no one. Remove actionsEnabled or set it true.` };
    }
    const actions = strings(alarm.props.alarmActions);
    if (actions.length === 0) {
        return { problem: `${kind} ${alarm.name} has no alarmActions (default none): it goes to ALARM and pages no one. Send it to the stack's alerts topic.` };
    }
    const named = [...new Set(actions.flatMap((a) => topicsNamed(a, topics, alarm)))];
    if (named.length === 0) {
        return { problem: `${kind} ${alarm.name} sends its alarm to ${actions.join(", ")}, no SNS topic of this stack: the pack cannot tell that anyone receives it. Send it to the stack's alerts topic.` };
    }
    return { topics: named };
}

export const alarmsPage = stackRule(
    {
        name: "alarms-page",
        description: "Every CloudWatch alarm has its actions enabled and sends ALARM to an SNS topic of the stack that has a subscription (alarms feeding a composite alarm excepted).",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Give every alarm alarmActions: [the stack's alerts topic ARN] without actionsEnabled: false, and keep the on-call subscription on that topic.",
    },
    (rs, _config, judge) => {
        const net = new Net(rs);
        const topics = net.ofType(T.topic);
        const composites = net.ofType(T.compositeAlarm);
        const paged = new Map<string, { topic: GraphResource; alarms: string[] }>();
        const problems: StackProblem[] = judge.each(net.ofType(T.metricAlarm, T.compositeAlarm), (alarm) => {
            if (alarm.type === T.metricAlarm && composites.some((c) => c.dependencies.includes(alarm.urn))) return [];
            const route = alarmRoute(alarm, topics);
            if ("problem" in route) return [{ urn: alarm.urn, message: route.problem }];
            for (const topic of route.topics) {
                const entry = paged.get(topic.urn) ?? { topic, alarms: [] };
                entry.alarms.push(alarm.name);
                paged.set(topic.urn, entry);
            }
            return [];
        });
        const subscriptions = net.ofType(T.subscription);
        problems.push(...judge.each([...paged.values()].map((e) => ({ ...e, name: e.topic.name, urn: e.topic.urn })), ({ topic, alarms }) => {
            const subscribed = subscriptions.some((s) => strings(s.props.topic).some((arn) => topicsNamed(arn, [topic], s).length > 0));
            const which = alarms.length === 1 ? `the alarm ${alarms[0]}` : `${alarms.length} alarms (${alarms[0]}, …)`;
            return subscribed ? [] : [{
                urn: topic.urn,
                message: `SNS topic ${topic.name} receives ${which} but has no subscription in this stack: they page no one. Subscribe the on-call endpoint (aws.sns.TopicSubscription).`,
            }];
        }));
        return problems;
    },
);
