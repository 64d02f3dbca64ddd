package io.k3j.admission;

/** The admission operations upstream's admission.Attributes carry (CONNECT is exec, attach, port-forward, proxy). */
public enum Operation {
    CREATE, UPDATE, DELETE, CONNECT
}
