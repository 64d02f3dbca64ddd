package io.k3j.api.patch;

import static io.k3j.api.patch.Json.j;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PatchExceptionTest {

    @Test
    void unprocessableJsonPatchStatus() {
        PatchException e = new PatchException.Unprocessable("testing value /a failed: test failed");
        assertThat(e.toStatus()).isEqualTo(j("""
                {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
                 "message":"the server rejected our request due to an error in our request","reason":"Invalid",
                 "details":{"causes":[{"reason":"UnexpectedServerResponse","message":"testing value /a failed: test failed"}]},
                 "code":422}"""));
    }

    @Test
    void conflictStatusCarriesFieldCauses() {
        PatchException e = new PatchException.Conflict("Apply failed with 1 conflict: conflict with \"m\": .spec.replicas",
                List.of(new PatchException.Cause("FieldManagerConflict", "conflict with \"m\"", ".spec.replicas")));
        assertThat(e.toStatus().get("details")).isEqualTo(j(
                "{'causes':[{'reason':'FieldManagerConflict','message':'conflict with \"m\"','field':'.spec.replicas'}]}"));
        assertThat(e.toStatus().get("code").asInt()).isEqualTo(409);
        assertThat(e.toStatus().get("reason").asText()).isEqualTo("Conflict");
    }

    @Test
    void plainErrorsHaveNoReasonOrDetails() {
        PatchException e = new PatchException.Failed("map: map[image:x] does not contain declared merge key: name");
        assertThat(e.toStatus().has("reason")).isFalse();
        assertThat(e.toStatus().has("details")).isFalse();
        assertThat(e.toStatus().get("code").asInt()).isEqualTo(500);
        assertThat(new PatchException.Invalid("x").toStatus().get("reason").asText()).isEqualTo("BadRequest");
        assertThat(new PatchException.UnsupportedMediaType("x").toStatus().get("code").asInt()).isEqualTo(415);
    }
}
