package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.ResourceDescriptor;
import io.k3j.apiserver.table.CrdPrinter;
import io.k3j.apiserver.table.ListMeta;
import io.k3j.apiserver.table.Printer;
import io.k3j.apiserver.table.TableAccept;
import io.k3j.apiserver.table.TableConvertor;
import io.k3j.apiserver.table.TableOptions;

import java.time.Instant;
import java.util.List;

/**
 * Server-side printing for one read request: decides from Accept whether the client wants a
 * Table (kubectl get does), and renders objects, lists and watch events as Tables if so.
 */
final class TableOutput {

    private static final TableConvertor CONVERTOR = TableConvertor.builtin();

    private final TableAccept.Outcome outcome;
    private final TableOptions options;
    private final ResourceDescriptor d;
    private boolean headersSent;
    private Printer printer;

    private TableOutput(TableAccept.Outcome outcome, TableOptions options, ResourceDescriptor d) {
        this.outcome = outcome;
        this.options = options;
        this.d = d;
    }

    static TableOutput of(String accept, String includeObject, ResourceDescriptor d) {
        TableAccept.Outcome o = TableAccept.negotiate(accept);
        if (o == TableAccept.Outcome.NOT_ACCEPTABLE) {
            throw new ApiError(406, "NotAcceptable", "only the following media types are accepted: application/json, "
                    + "application/yaml, application/vnd.kubernetes.protobuf, application/json;as=Table;v=v1;g=meta.k8s.io", null);
        }
        TableOptions.IncludeObject include;
        try {
            include = TableOptions.IncludeObject.parse(includeObject);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        return new TableOutput(o, new TableOptions(include, false), d);
    }

    boolean table() {
        return outcome == TableAccept.Outcome.TABLE_V1 || outcome == TableAccept.Outcome.TABLE_V1BETA1;
    }

    JsonNode object(ObjectNode obj) {
        return table() ? version(single(obj, options)) : obj;
    }

    JsonNode list(ObjectNode plainList, List<JsonNode> items, String rv, String cont, Long remaining) {
        if (!table()) {
            return plainList;
        }
        if (d.isCustom()) {
            return version(TableConvertor.toTable(items, customPrinter(), options, new ListMeta(rv, cont, remaining),
                    Instant.now()));
        }
        return version(CONVERTOR.toTable(items, d.groupVersionKind(), options, new ListMeta(rv, cont, remaining), Instant.now()));
    }

    private ObjectNode single(ObjectNode obj, TableOptions opts) {
        if (d.isCustom()) {
            String rv = obj.path("metadata").path("resourceVersion").asText(null);
            return TableConvertor.toTable(List.of(obj), customPrinter(), opts, ListMeta.of(rv), Instant.now());
        }
        return CONVERTOR.toTable(obj, d.groupVersionKind(), opts, Instant.now());
    }

    /** The CRD version's additionalPrinterColumns (Name and Age when it has none). */
    private Printer customPrinter() {
        if (printer == null) {
            try {
                printer = CrdPrinter.fromColumns(d.custom().printerColumns() == null
                        ? Json.MAPPER.missingNode() : d.custom().printerColumns());
            } catch (IllegalArgumentException e) {
                printer = CrdPrinter.fromColumns(Json.MAPPER.missingNode()); // a column we cannot evaluate: Name, Age
            }
        }
        return printer;
    }

    /** A watch event's object: one single-row Table, with column definitions on the first one only. */
    ObjectNode event(ObjectNode obj) {
        if (!table()) {
            return obj;
        }
        TableOptions opts = new TableOptions(options.includeObject(), headersSent);
        headersSent = true;
        return version(single(obj, opts));
    }

    private ObjectNode version(ObjectNode table) {
        return outcome == TableAccept.Outcome.TABLE_V1BETA1 ? TableConvertor.asV1beta1(table) : table;
    }
}
