package io.k3j.apiserver.table;

import io.k3j.api.quantity.CanonicalQuantity;
import io.k3j.api.quantity.InvalidQuantityException;

/**
 * The canonical text of a resource quantity's value, as apimachinery's {@code Quantity.String()} prints a computed
 * quantity: kube-apiserver never prints {@code 1000m} or {@code 1024Mi} but {@code 1}, {@code 1Gi}. The rules live in
 * {@link CanonicalQuantity}; this keeps the printers' and the quota arithmetic's lenient form (text that is not a
 * quantity prints as it is).
 */
public final class Quantity {

    private Quantity() {
    }

    /** The canonical form, or the input unchanged when it is not a quantity. */
    public static String canonical(String text) {
        try {
            return CanonicalQuantity.ofValue(text.strip());
        } catch (InvalidQuantityException e) {
            return text;
        }
    }
}
