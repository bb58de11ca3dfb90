package com.example.sync;

import java.beans.XMLDecoder;
import java.io.*;
import java.util.Base64;
import javax.servlet.http.HttpServletRequest;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.impl.LaissezFaireSubTypeValidator;
import com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import org.springframework.web.bind.annotation.*;
import org.springframework.web.multipart.MultipartFile;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

@RestController
@RequestMapping("/api/sync")
public class SyncController {
    private final ObjectMapper mapper = new ObjectMapper();

    @PostMapping("/state")
    public String restore(HttpServletRequest request) throws Exception {
        // ruleid: java-deserialization-untrusted
        try (ObjectInputStream ois = new ObjectInputStream(request.getInputStream())) {
            Object state = ois.readObject();
            return state.toString();
        }
    }

    @PostMapping("/state-filtered")
    public String restoreFiltered(HttpServletRequest request) throws Exception {
        ObjectInputStream ois = new ObjectInputStream(request.getInputStream());
        ois.setObjectInputFilter(ObjectInputFilter.Config.createFilter("com.example.sync.dto.*;java.base/*;!*"));
        // ok: java-deserialization-untrusted
        Object state = ois.readObject();
        return state.toString();
    }

    @PostMapping("/state-twr-filtered")
    public String restoreTwrFiltered(@RequestBody byte[] body) throws Exception {
        // ok: java-deserialization-untrusted
        try (ObjectInputStream stream = new ObjectInputStream(new ByteArrayInputStream(body))) {
            stream.setObjectInputFilter(ObjectInputFilter.Config.createFilter("com.example.sync.dto.*;!*"));
            return String.valueOf(stream.readObject());
        } catch (ClassNotFoundException e) {
            return "bad";
        }
    }

    @PostMapping("/state-twr-unfiltered")
    public String restoreTwrUnfiltered(@RequestBody byte[] body) throws Exception {
        // ruleid: java-deserialization-untrusted
        try (ObjectInputStream stream = new ObjectInputStream(new ByteArrayInputStream(body))) {
            return String.valueOf(stream.readObject());
        } catch (ClassNotFoundException e) {
            return "bad";
        }
    }

    @PostMapping("/session")
    public String session(@CookieValue("state") String state) throws Exception {
        byte[] raw = Base64.getDecoder().decode(state);
        // ruleid: java-deserialization-untrusted
        ObjectInputStream ois = new ObjectInputStream(new ByteArrayInputStream(raw));
        return String.valueOf(ois.readObject());
    }

    @PostMapping("/local-cache")
    public String localCache() throws Exception {
        // ok: java-deserialization-untrusted
        try (ObjectInputStream ois = new ObjectInputStream(new FileInputStream("/var/cache/app/state.bin"))) {
            return String.valueOf(ois.readObject());
        }
    }

    @PostMapping("/bean")
    public Object bean(@RequestParam("file") MultipartFile file) throws IOException {
        // ruleid: java-deserialization-untrusted
        XMLDecoder decoder = new XMLDecoder(file.getInputStream());
        return decoder.readObject();
    }

    @PostMapping(value = "/config", consumes = "application/x-yaml")
    public Object config(@RequestBody String body) {
        Yaml yaml = new Yaml();
        // ruleid: java-deserialization-untrusted
        return yaml.load(body);
    }

    @PostMapping(value = "/config-safe", consumes = "application/x-yaml")
    public Object configSafe(@RequestBody String body) {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        // ok: java-deserialization-untrusted
        return yaml.load(body);
    }

    @PostMapping("/json")
    public OrderDto json(@RequestBody String body) throws IOException {
        // ok: java-deserialization-untrusted
        return mapper.readValue(body, OrderDto.class);
    }
}

class MapperConfig {
    ObjectMapper legacyMapper() {
        ObjectMapper om = new ObjectMapper();
        // ruleid: java-deserialization-jackson-default-typing
        om.enableDefaultTyping();
        return om;
    }

    ObjectMapper laxMapper() {
        ObjectMapper om = new ObjectMapper();
        // ruleid: java-deserialization-jackson-default-typing
        om.activateDefaultTyping(LaissezFaireSubTypeValidator.instance, ObjectMapper.DefaultTyping.NON_FINAL);
        return om;
    }

    ObjectMapper strictMapper() {
        ObjectMapper om = new ObjectMapper();
        BasicPolymorphicTypeValidator ptv = BasicPolymorphicTypeValidator.builder()
                .allowIfSubType("com.example.sync.model.")
                .build();
        // ok: java-deserialization-jackson-default-typing
        om.activateDefaultTyping(ptv, ObjectMapper.DefaultTyping.NON_FINAL);
        return om;
    }

    ObjectMapper plainMapper() {
        // ok: java-deserialization-jackson-default-typing
        return new ObjectMapper().findAndRegisterModules();
    }
}

class Envelope {
    // ruleid: java-deserialization-jackson-class-typeinfo
    @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, property = "@class")
    public Object payload;
}

// ok: java-deserialization-jackson-class-typeinfo
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = Card.class, name = "card"), @JsonSubTypes.Type(value = Wire.class, name = "wire")})
abstract class PaymentMethod {
    // ok: java-deserialization-jackson-class-typeinfo
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
    public Object meta;
}
