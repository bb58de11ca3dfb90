package com.example.ops;

import java.io.*;
import java.net.InetAddress;
import java.util.*;
import java.util.regex.Pattern;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/api/tools")
public class NetworkToolsController {
    private static final Pattern HOST = Pattern.compile("^[a-zA-Z0-9.-]{1,253}$");
    private static final Set<String> REPORTS = Set.of("daily", "weekly");

    @GetMapping("/ping")
    public String ping(@RequestParam String host) throws IOException {
        // ruleid: java-command-injection-shell
        Process p = new ProcessBuilder("sh", "-c", "ping -c 1 " + host).start();
        return read(p);
    }

    @GetMapping("/ping-safe")
    public String pingSafe(@RequestParam String host) throws IOException {
        if (!HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("invalid host");
        }
        // ok: java-command-injection-shell
        Process p = new ProcessBuilder("sh", "-c", "ping -c 1 " + host).start();
        return read(p);
    }

    @GetMapping("/ping-direct")
    public String pingDirect(@RequestParam String host) throws IOException {
        String addr = InetAddress.getByName(host).getHostAddress();
        // ok: java-command-injection-shell
        Process p = Runtime.getRuntime().exec(new String[]{"/bin/sh", "-c", "ping -c 1 " + addr});
        return read(p);
    }

    @PostMapping("/lookup")
    public String lookup(@RequestBody LookupRequest req) throws IOException {
        // ruleid: java-command-injection-shell
        String[] cmd = {"/bin/bash", "-c", "nslookup " + req.getDomain()};
        return read(Runtime.getRuntime().exec(cmd));
    }

    @GetMapping("/report")
    public String report(@RequestParam String name) throws IOException {
        if (!REPORTS.contains(name)) {
            throw new IllegalArgumentException("unknown report");
        }
        // ok: java-command-injection-shell
        Process p = new ProcessBuilder("bash", "-c", "/opt/reports/run.sh " + name).start();
        return read(p);
    }

    @GetMapping("/convert")
    public String convert(@RequestParam("file") String file) throws IOException {
        // ruleid: java-command-injection-exec
        Process p = Runtime.getRuntime().exec("convert " + file + " /tmp/out.png");
        return read(p);
    }

    @GetMapping("/tool")
    public String tool(@RequestParam("tool") String tool, @RequestParam("arg") String arg) throws IOException {
        // ruleid: java-command-injection-exec
        Process p = new ProcessBuilder(tool, arg).start();
        return read(p);
    }

    @GetMapping("/disk")
    public String disk(@RequestParam("path") String path) throws IOException {
        // ok: java-command-injection-exec
        Process p = new ProcessBuilder("du", "-sh", "--", path).start();
        return read(p);
    }

    @GetMapping("/uptime")
    public String uptime() throws IOException {
        // ok: java-command-injection-exec
        Process p = Runtime.getRuntime().exec("uptime");
        return read(p);
    }

    private String read(Process p) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            return r.lines().reduce("", (a, b) -> a + b + "\n");
        }
    }
}
