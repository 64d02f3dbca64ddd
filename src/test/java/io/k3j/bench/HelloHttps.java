package io.k3j.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;

/**
 * The JVM floor for the boot benchmark: a bare Vert.x HTTPS server that answers every request
 * with "ok", started by the same launcher, JVM options and CDS scheme as k3j.
 * Arguments: port, certificate PEM, key PEM.
 */
public final class HelloHttps {

    private HelloHttps() {
    }

    public static void main(String[] args) {
        Vertx vertx = Vertx.vertx();
        vertx.createHttpServer(new HttpServerOptions().setSsl(true).setUseAlpn(true).setHost("127.0.0.1")
                        .setPort(Integer.parseInt(args[0]))
                        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(args[1]).setKeyPath(args[2])))
                .requestHandler(req -> req.response().end("ok"))
                .listen()
                .onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close()));
    }
}
