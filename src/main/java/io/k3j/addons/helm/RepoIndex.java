package io.k3j.addons.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.net.URI;

/** A Helm repository's {@code index.yaml}: finds the archive URL of a chart version. */
final class RepoIndex {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final JsonNode entries;

    private RepoIndex(JsonNode entries) {
        this.entries = entries;
    }

    static RepoIndex parse(byte[] indexYaml) {
        try {
            JsonNode root = YAML.readTree(indexYaml);
            if (root == null || !root.path("entries").isObject()) {
                throw new IllegalArgumentException("the repository index has no entries");
            }
            return new RepoIndex(root.get("entries"));
        } catch (IOException e) {
            throw new IllegalArgumentException("the repository index is not valid YAML: "
                    + ValuesYaml.firstLine(e.getMessage()));
        }
    }

    /**
     * The archive URL of {@code chart} at {@code version} (exact, "v" prefix tolerated), or of its newest stable
     * version when {@code version} is empty; relative URLs resolve against the repository URL.
     *
     * @throws IllegalArgumentException with Helm's wording when the chart or version is not in the index
     */
    URI archiveUrl(URI repo, String chart, String version) {
        JsonNode versions = entries.get(chart);
        if (versions == null || !versions.isArray() || versions.isEmpty()) {
            throw new IllegalArgumentException("chart \"" + chart + "\" not found in " + repo + " repository");
        }
        JsonNode pick = null;
        SemVer best = null;
        SemVer wanted = version.isEmpty() ? null : SemVer.parse(version);
        for (JsonNode v : versions) {
            String text = v.path("version").asText();
            SemVer sv = SemVer.parse(text);
            if (!version.isEmpty()) {
                if (text.equals(version) || (wanted != null && wanted.equals(sv))) {
                    pick = v;
                    break;
                }
            } else if (sv != null && sv.stable() && (best == null || sv.compareTo(best) > 0)) {
                best = sv;
                pick = v;
            }
        }
        if (pick == null) {
            throw new IllegalArgumentException(version.isEmpty()
                    ? "chart \"" + chart + "\" has no stable version in " + repo + " repository"
                    : "chart \"" + chart + "\" version \"" + version + "\" not found in " + repo + " repository");
        }
        JsonNode urls = pick.path("urls");
        if (!urls.isArray() || urls.isEmpty()) {
            throw new IllegalArgumentException("chart \"" + chart + "\" version \"" + pick.path("version").asText()
                    + "\" has no download URL in " + repo + " repository");
        }
        return repo.resolve(urls.get(0).asText());
    }
}
