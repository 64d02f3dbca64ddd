package io.k3j.auth.audit;

import io.k3j.auth.UserInfo;

/**
 * What the policy matches a request on: who, which verb, and either a resource (group, resource, subresource,
 * namespace, name) or a non-resource path. Strings are empty, never null, when absent.
 */
public record AuditRequest(UserInfo user, String verb, boolean resourceRequest, String apiGroup, String apiVersion,
                           String namespace, String resource, String subresource, String name, String path) {
}
