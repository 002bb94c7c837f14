/** Names and helpers the data cases share. */
import type { AmAlertSpec } from "../../lib/case-builder.ts";
import { consumerLag, rule } from "../../lib/rules.ts";
import { deployment } from "../common.ts";

export const ns = "data";
export const dep = (name: string) => deployment(ns, name);

export function lagAlert(group: string, topic: string, threshold: number): AmAlertSpec {
  return {
    labels: {
      alertname: "KafkaConsumerGroupLagHigh",
      consumergroup: group,
      topic,
      namespace: ns,
      severity: "warning",
      team: "data-platform",
    },
    summary: `Consumer group ${group} is falling behind on ${topic}`,
    description: (v) =>
      `Consumer group ${group} lag on ${topic} is ${Math.round(v)} messages (threshold ${threshold}).`,
    expr: `sum by (consumergroup, topic) (kafka_consumergroup_lag{consumergroup="${group}"}) > ${threshold}`,
    ...rule(consumerLag(group), ">", threshold, 180),
  };
}
