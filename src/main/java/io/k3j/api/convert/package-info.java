/**
 * Conversion between the versions of built-in kinds served at more than one version of their group (today
 * HorizontalPodAutoscaler, autoscaling/v1 and v2), as pure functions over Jackson trees. Objects are stored in a
 * hub version ({@link io.k3j.api.convert.KindConversion#hubVersion()}) and every read, write and watch converts to or
 * from it; see {@code docs/conversion.md}.
 */
package io.k3j.api.convert;
