/**
 * Structural schemas of CustomResourceDefinitions ({@code openAPIV3Schema}) and what the API server does with
 * them on every custom-resource write and read: pruning of unknown fields ({@link io.k3j.api.schema.Pruner}),
 * defaulting ({@link io.k3j.api.schema.Defaulter}) and validation ({@link io.k3j.api.schema.SchemaValidator}),
 * plus the structural-schema rules a CRD's schema must follow ({@link io.k3j.api.schema.StructuralCheck}).
 * Errors are {@link io.k3j.api.schema.FieldError}s whose text is upstream's (field path, error type, the bad
 * value printed as Go prints it, detail). Pure: JSON trees in, JSON trees and errors out.
 */
package io.k3j.api.schema;
