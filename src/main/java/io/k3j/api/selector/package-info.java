/**
 * Label and field selectors for list, watch and deletecollection. Parse errors and unsupported field
 * labels throw {@link io.k3j.api.selector.SelectorException} whose message is upstream's text; the server
 * answers them as 400 BadRequest. Field selectors are parsed once ({@link io.k3j.api.selector.FieldSelector#parse})
 * and then bound to the resource's kind ({@link io.k3j.api.selector.FieldSelector#forKind}), which is where
 * upstream rejects unknown field labels.
 */
package io.k3j.api.selector;
