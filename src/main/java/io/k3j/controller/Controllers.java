package io.k3j.controller;

import io.k3j.config.ServerConfig;

import java.util.ArrayList;
import java.util.List;

/** The controllers the controller manager runs, in one place: each new controller is added here. */
public final class Controllers {

    private Controllers() {
    }

    /** Fresh instances (a controller manager that regains leadership starts new ones). */
    public static List<Controller> enabled(ServerConfig config) {
        List<Controller> list = new ArrayList<>();
        list.addAll(CoreControllers.all(config));
        return list;
    }
}
