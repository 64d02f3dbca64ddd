package io.k3j.cli;

import io.k3j.config.ConfigFiles;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Merges the three sources of a command's settings into one argument list, so picocli parses and
 * validates everything the same way: config files lose to environment variables, which lose to
 * flags. A repeatable flag given on the command line replaces the whole list from the file.
 */
public final class MergedArgs {

    private MergedArgs() {
    }

    /**
     * @param command      makes a fresh command object (picocli fills fields while parsing)
     * @param args         the command-line arguments of this subcommand
     * @param env          the process environment
     * @param envToOption  environment variable name to long option name (with dashes)
     * @param defaultConfig the config file read when neither --config nor K3J_CONFIG_FILE names one
     */
    public static List<String> merge(Supplier<Object> command, List<String> args, Map<String, String> env,
                                     Map<String, String> envToOption, Path defaultConfig) {
        return merge(command, args, env, envToOption, defaultConfig, key -> false);
    }

    /**
     * As {@link #merge(Supplier, List, Map, Map, Path)}, but config-file keys this command does not know and
     * {@code otherCommandsKey} accepts are skipped instead of refused (a key no command knows is still a typo).
     */
    public static List<String> merge(Supplier<Object> command, List<String> args, Map<String, String> env,
                                     Map<String, String> envToOption, Path defaultConfig,
                                     Predicate<String> otherCommandsKey) {
        CommandLine probe = new CommandLine(command.get());
        ParseResult parsed = probe.parseArgs(args.toArray(String[]::new));
        CommandSpec spec = probe.getCommandSpec();
        Set<String> given = new HashSet<>();
        parsed.matchedOptions().forEach(o -> given.add(o.longestName()));

        List<String> merged = new ArrayList<>();
        for (Map.Entry<String, String> e : envToOption.entrySet()) {
            String value = env.get(e.getKey());
            if (value != null && !value.isEmpty() && !given.contains(e.getValue())) {
                merged.add(e.getValue() + "=" + value);
                given.add(e.getValue());
            }
        }

        Path config = defaultConfig;
        boolean explicit = false;
        OptionSpec configOption = spec.findOption("--config");
        if (parsed.hasMatchedOption("--config")) {
            config = parsed.matchedOptionValue("--config", defaultConfig);
            explicit = true;
        } else if (env.get("K3J_CONFIG_FILE") != null && !env.get("K3J_CONFIG_FILE").isEmpty()) {
            config = Path.of(env.get("K3J_CONFIG_FILE"));
            explicit = true;
        }
        if (configOption != null) {
            Map<String, List<String>> fromFile = ConfigFiles.load(config, explicit);
            for (Map.Entry<String, List<String>> e : fromFile.entrySet()) {
                OptionSpec option = spec.findOption("--" + e.getKey());
                if (option == null && otherCommandsKey.test(e.getKey())) {
                    continue;
                }
                if (option == null || option == configOption) {
                    throw new IllegalArgumentException("config file " + config + ": unknown key \"" + e.getKey() + "\"");
                }
                if (!given.contains(option.longestName())) {
                    for (String v : e.getValue()) {
                        merged.add(option.longestName() + "=" + v);
                    }
                }
            }
        }
        merged.addAll(args);
        return merged;
    }

    /** Whether {@code key} (a config-file key: a long option without dashes) is an option of that command. */
    public static Predicate<String> optionOf(Supplier<Object> command) {
        CommandSpec spec = new CommandLine(command.get()).getCommandSpec();
        return key -> spec.findOption("--" + key) != null;
    }
}
