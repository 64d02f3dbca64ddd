package io.k3j.controller.workload;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Cron parsing and scheduling, and the Job controller's back-off, failure-policy and index rules. */
class BatchLogicTest {

    static final ZoneId UTC = ZoneOffset.UTC;

    static ZonedDateTime at(String t) {
        return Instant.parse(t).atZone(UTC);
    }

    static String next(String spec, String after) {
        return CronSchedule.parse(spec, UTC).next(at(after)).toInstant().toString();
    }

    @Test
    void standardFieldsStepsRangesAndNames() {
        assertThat(next("*/15 * * * *", "2024-01-01T10:07:30Z")).isEqualTo("2024-01-01T10:15:00Z");
        assertThat(next("0 9-17 * * MON-FRI", "2024-01-05T17:30:00Z")).isEqualTo("2024-01-08T09:00:00Z"); // Fri -> Mon
        assertThat(next("30 2 1 JAN,jul *", "2024-02-01T00:00:00Z")).isEqualTo("2024-07-01T02:30:00Z");
        assertThat(next("0 0 * * 7", "2024-01-01T00:00:00Z")).isEqualTo("2024-01-07T00:00:00Z"); // 7 is Sunday
        // Day-of-month and day-of-week both restricted: either matches.
        assertThat(next("0 0 13 * FRI", "2024-01-01T00:00:00Z")).isEqualTo("2024-01-05T00:00:00Z");
        assertThat(next("0 0 ? * *", "2024-01-01T00:00:00Z")).isEqualTo("2024-01-02T00:00:00Z");
    }

    @Test
    void descriptorsEveryAndTimeZones() {
        assertThat(next("@hourly", "2024-01-01T10:07:00Z")).isEqualTo("2024-01-01T11:00:00Z");
        assertThat(next("@daily", "2024-01-01T10:07:00Z")).isEqualTo("2024-01-02T00:00:00Z");
        assertThat(next("@weekly", "2024-01-01T10:07:00Z")).isEqualTo("2024-01-07T00:00:00Z");
        assertThat(next("@monthly", "2024-01-15T00:00:00Z")).isEqualTo("2024-02-01T00:00:00Z");
        assertThat(next("@yearly", "2024-01-15T00:00:00Z")).isEqualTo("2025-01-01T00:00:00Z");
        assertThat(next("@every 1h30m", "2024-01-01T10:00:00Z")).isEqualTo("2024-01-01T11:30:00Z");
        assertThat(next("TZ=Europe/Berlin 0 9 * * *", "2024-01-01T00:00:00Z")).isEqualTo("2024-01-01T08:00:00Z");
        assertThat(CronSchedule.parse("0 9 * * *", ZoneId.of("America/New_York")).next(at("2024-01-01T00:00:00Z"))
                .toInstant().toString()).isEqualTo("2024-01-01T14:00:00Z");
        assertThatThrownBy(() -> CronSchedule.parse("* * *", UTC)).hasMessageContaining("expected exactly 5 fields");
        assertThatThrownBy(() -> CronSchedule.parse("61 * * * *", UTC)).hasMessageContaining("out of range");
    }

    @Test
    void mostRecentScheduleTimeCountsMissedRunsAndHonoursTheDeadline() {
        ObjectNode cj = RolloutLogicTest.json("""
                {"metadata":{"name":"c","creationTimestamp":"2024-01-01T10:00:30Z"},"spec":{"schedule":"* * * * *"}}""");
        CronSchedule every = CronSchedule.parse("* * * * *", UTC);
        assertThat(CronPlan.mostRecent(cj, every, Instant.parse("2024-01-01T10:00:59Z")).time()).isNull();
        CronPlan.Due due = CronPlan.mostRecent(cj, every, Instant.parse("2024-01-01T10:03:10Z"));
        assertThat(due.time().toInstant().toString()).isEqualTo("2024-01-01T10:03:00Z");
        assertThat(due.missed()).isEqualTo(3);
        ((ObjectNode) cj.get("spec")).put("startingDeadlineSeconds", 30);
        assertThat(CronPlan.mostRecent(cj, every, Instant.parse("2024-01-01T10:03:10Z")).missed()).isEqualTo(1);
        ObjectNode job = CronPlan.jobFor(cj, at("2024-01-01T10:03:00Z"));
        assertThat(Meta.name(job)).isEqualTo("c-" + Instant.parse("2024-01-01T10:03:00Z").getEpochSecond() / 60);
        assertThat(Meta.annotation(job, CronJobController.SCHEDULED_AT)).isEqualTo("2024-01-01T10:03:00Z");
    }

    @Test
    void backoffDoublesFromTenSecondsToSixMinutes() {
        assertThat(JobPolicy.backoff(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(JobPolicy.backoff(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(JobPolicy.backoff(4)).isEqualTo(Duration.ofSeconds(80));
        assertThat(JobPolicy.backoff(7)).isEqualTo(Duration.ofMinutes(6));
        assertThat(JobPolicy.backoff(50)).isEqualTo(Duration.ofMinutes(6));
    }

    @Test
    void completedIndexesRoundTrip() {
        assertThat(JobPolicy.formatIndexes(JobPolicy.parseIndexes("0-2,4,6-7"))).isEqualTo("0-2,4,6-7");
        assertThat(JobPolicy.formatIndexes(JobPolicy.parseIndexes(""))).isEmpty();
        assertThat(JobPolicy.parseIndexes("3,1")).containsExactly(1, 3);
    }

    @Test
    void podFailurePolicyRulesMatchExitCodesAndConditions() {
        ObjectNode job = RolloutLogicTest.json("""
                {"spec":{"podFailurePolicy":{"rules":[
                  {"action":"Ignore","onPodConditions":[{"type":"DisruptionTarget"}]},
                  {"action":"FailJob","onExitCodes":{"operator":"NotIn","values":[1,2]}}]}}}""");
        ObjectNode exit3 = RolloutLogicTest.json("""
                {"metadata":{"name":"p","namespace":"n"},"status":{"phase":"Failed","containerStatuses":[
                  {"name":"main","state":{"terminated":{"exitCode":3}}}]}}""");
        assertThat(JobPolicy.match(job, exit3).action()).isEqualTo("FailJob");
        assertThat(JobPolicy.match(job, exit3).message()).isEqualTo("Container main for pod n/p failed with exit code 3 matching FailJob rule at index 1");
        ObjectNode exit1 = RolloutLogicTest.json("""
                {"metadata":{"name":"p","namespace":"n"},"status":{"phase":"Failed","containerStatuses":[
                  {"name":"main","state":{"terminated":{"exitCode":1}}}]}}""");
        assertThat(JobPolicy.match(job, exit1)).isNull();
        ObjectNode disrupted = RolloutLogicTest.json("""
                {"metadata":{"name":"p","namespace":"n"},"status":{"phase":"Failed","conditions":[
                  {"type":"DisruptionTarget","status":"True"}]}}""");
        assertThat(JobPolicy.match(job, disrupted).action()).isEqualTo("Ignore");
    }
}
