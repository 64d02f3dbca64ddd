/**
 * CustomResourceDefinitions as data: the parsed CRD ({@link io.k3j.api.crd.Crd}), its validation and defaults
 * on write ({@link io.k3j.api.crd.CrdValidation}, {@link io.k3j.api.crd.CrdDefaults}), the status its naming
 * and establishing controllers compute ({@link io.k3j.api.crd.CrdStatus}), and the resources it makes the
 * server serve ({@link io.k3j.api.crd.CrdResources}: one {@link io.k3j.api.ResourceDescriptor} per served
 * version, carrying a {@link io.k3j.api.crd.CustomResource} with the version's schema and behaviour). Pure.
 */
package io.k3j.api.crd;
