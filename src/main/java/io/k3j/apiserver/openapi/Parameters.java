package io.k3j.apiserver.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The query and path parameters kube-apiserver documents per operation, inlined (kubectl's field-validation probe
 * looks for a {@code fieldValidation} query parameter on the PATCH operation of the kind).
 */
final class Parameters {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    static final ObjectNode PRETTY = query("pretty", "string", "If 'true', then the output is pretty printed.");
    static final ObjectNode DRY_RUN = query("dryRun", "string", "When present, indicates that modifications should "
            + "not be persisted. Valid values are: - All: all dry run stages will be processed");
    static final ObjectNode FIELD_MANAGER = query("fieldManager", "string", "fieldManager is a name associated with "
            + "the actor or entity that is making these changes.");
    static final ObjectNode FIELD_VALIDATION = query("fieldValidation", "string", "fieldValidation instructs the "
            + "server on how to handle objects in the request containing unknown or duplicate fields. Valid values "
            + "are: Ignore, Warn (default), Strict.");
    static final ObjectNode FORCE = query("force", "boolean", "Force is going to \"force\" Apply requests. It means "
            + "user will re-acquire conflicting fields owned by other people. Must be unset for non-apply patches.");

    static final List<ObjectNode> LIST = List.of(
            query("allowWatchBookmarks", "boolean", "allowWatchBookmarks requests watch events with type \"BOOKMARK\"."),
            query("continue", "string", "The continue option should be set when retrieving more results from the server."),
            query("fieldSelector", "string", "A selector to restrict the list of returned objects by their fields."),
            query("labelSelector", "string", "A selector to restrict the list of returned objects by their labels."),
            query("limit", "integer", "limit is a maximum number of responses to return for a list call."),
            query("resourceVersion", "string", "resourceVersion sets a constraint on what resource versions a request may be served from."),
            query("resourceVersionMatch", "string", "resourceVersionMatch determines how resourceVersion is applied to list calls."),
            query("sendInitialEvents", "boolean", "`sendInitialEvents=true` may be set together with `watch=true`."),
            query("timeoutSeconds", "integer", "Timeout for the list/watch call."),
            query("watch", "boolean", "Watch for changes to the described resources and return them as a stream of add, update, and remove notifications."));

    static final List<ObjectNode> DELETE = List.of(DRY_RUN,
            query("gracePeriodSeconds", "integer", "The duration in seconds before the object should be deleted."),
            query("ignoreStoreReadErrorWithClusterBreakingPotential", "boolean", "if set to true, it will trigger an unsafe deletion of the resource in case the normal deletion flow fails with a corrupt object error."),
            query("orphanDependents", "boolean", "Deprecated: please use the PropagationPolicy."),
            query("propagationPolicy", "string", "Whether and how garbage collection will be performed."));

    static final List<ObjectNode> LOG = List.of(
            query("container", "string", "The container for which to stream logs."),
            query("follow", "boolean", "Follow the log stream of the pod."),
            query("insecureSkipTLSVerifyBackend", "boolean", "insecureSkipTLSVerifyBackend indicates that the apiserver should not confirm the validity of the serving certificate of the backend it is connecting to."),
            query("limitBytes", "integer", "If set, the number of bytes to read from the server before terminating the log output."),
            query("previous", "boolean", "Return previous terminated container logs."),
            query("sinceSeconds", "integer", "A relative time in seconds before the current time from which to show logs."),
            query("stream", "string", "Specify which container log stream to return to the client."),
            query("tailLines", "integer", "If set, the number of lines from the end of the logs to show."),
            query("timestamps", "boolean", "If true, add an RFC3339 or RFC3339Nano timestamp at the beginning of every line of log output."));

    static final List<ObjectNode> EXEC = List.of(
            query("command", "string", "Command is the remote command to execute. argv array."),
            query("container", "string", "Container in which to execute the command."),
            query("stderr", "boolean", "Redirect the standard error stream of the pod for this call."),
            query("stdin", "boolean", "Redirect the standard input stream of the pod for this call."),
            query("stdout", "boolean", "Redirect the standard output stream of the pod for this call."),
            query("tty", "boolean", "TTY if true indicates that a tty will be allocated for the exec call."));

    static final List<ObjectNode> ATTACH = EXEC.subList(1, EXEC.size());
    static final List<ObjectNode> PORTFORWARD = List.of(
            query("ports", "integer", "List of ports to forward Required when using WebSockets"));
    static final List<ObjectNode> PROXY = List.of(
            query("path", "string", "Path is the URL path to use for the current proxy request to pod."));

    private Parameters() {
    }

    static ObjectNode path(String name, String description) {
        ObjectNode p = JSON.objectNode().put("name", name).put("in", "path").put("description", description)
                .put("required", true);
        p.putObject("schema").put("type", "string").put("uniqueItems", true);
        return p;
    }

    private static ObjectNode query(String name, String type, String description) {
        ObjectNode p = JSON.objectNode().put("name", name).put("in", "query").put("description", description);
        p.putObject("schema").put("type", type).put("uniqueItems", true);
        return p;
    }

    static void addAll(ArrayNode target, List<ObjectNode> params) {
        params.forEach(target::add);
    }
}
