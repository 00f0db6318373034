package dev.sluice.runtime.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class StructuredLogEncoderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LoggerContext context = newContext();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** A context of its own, sharing the MDC that {@link MDC} and {@link LogContext} write to. */
    private static LoggerContext newContext() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(MDC.getMDCAdapter());
        context.start();
        return context;
    }

    @AfterEach
    void tearDown() {
        MDC.clear();
        context.stop();
    }

    private Logger logger(StructuredLogEncoder encoder) {
        encoder.setContext(context);
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(out);
        appender.start();
        Logger logger = context.getLogger("dev.sluice.test.Extractor");
        logger.addAppender(appender);
        return logger;
    }

    private List<String> lines() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void aLogLineIsOneJsonObjectWithTheMdcFieldsAtTopLevel() throws Exception {
        StructuredLogEncoder encoder = new StructuredLogEncoder();
        encoder.setService("extractor");
        Logger log = logger(encoder);

        try (LogContext ignored = LogContext.open().runId("run-1").correlationId("corr-1").job("orders_daily")
                .partition("2026-11-21").stage("extract").messageId("m-1")) {
            log.info("extracted {} rows", 42);
        }
        log.atWarn().addKeyValue("bytes", 1024).addKeyValue("message", "clash").log("no context\nsecond line \"quoted\"");

        List<String> lines = lines();
        assertThat(lines).hasSize(2);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(Instant.parse(first.get("ts").asText())).isBeforeOrEqualTo(Instant.now());
        assertThat(first.get("level").asText()).isEqualTo("INFO");
        assertThat(first.get("logger").asText()).isEqualTo("dev.sluice.test.Extractor");
        assertThat(first.get("message").asText()).isEqualTo("extracted 42 rows");
        assertThat(first.get("thread").asText()).isEqualTo(Thread.currentThread().getName());
        assertThat(first.get("runId").asText()).isEqualTo("run-1");
        assertThat(first.get("correlationId").asText()).isEqualTo("corr-1");
        assertThat(first.get("job").asText()).isEqualTo("orders_daily");
        assertThat(first.get("partition").asText()).isEqualTo("2026-11-21");
        assertThat(first.get("stage").asText()).isEqualTo("extract");
        assertThat(first.get("messageId").asText()).isEqualTo("m-1");
        assertThat(first.get("service").asText()).isEqualTo("extractor");
        assertThat(first.has("exception")).isFalse();

        JsonNode second = JSON.readTree(lines.get(1));
        assertThat(second.get("message").asText()).isEqualTo("no context\nsecond line \"quoted\"");
        assertThat(second.has("runId")).as("the context was closed").isFalse();
        assertThat(second.get("bytes").asText()).isEqualTo("1024");
        assertThat(second.get("kv.message").asText()).isEqualTo("clash");
    }

    @Test
    void theStackTraceIsOneStringField() throws Exception {
        Logger log = logger(new StructuredLogEncoder());

        log.error("failed", new IllegalStateException("outer", new java.io.IOException("inner")));

        JsonNode line = JSON.readTree(lines().getFirst());
        assertThat(line.get("exception").asText())
                .startsWith("java.lang.IllegalStateException: outer")
                .contains("Caused by: java.io.IOException: inner")
                .contains("\tat dev.sluice.runtime.logging.StructuredLogEncoderTest");
        assertThat(line.has("service")).isFalse();
    }

    @Test
    void textFormatIsForHumans() {
        StructuredLogEncoder encoder = new StructuredLogEncoder();
        encoder.setFormat("TEXT");
        Logger log = logger(encoder);

        try (LogContext ignored = LogContext.open().job("orders_daily")) {
            log.info("hello");
        }

        assertThat(lines()).singleElement().asString()
                .contains(" INFO ").contains("dev.sluice.test.Extractor").contains("job=orders_daily").endsWith("- hello")
                .doesNotStartWith("{");
    }

    @Test
    void anUnknownFormatFallsBackToJson() {
        StructuredLogEncoder encoder = new StructuredLogEncoder();
        encoder.setFormat("yaml");
        assertThat(encoder.getFormat()).isEqualTo(StructuredLogEncoder.Format.JSON);
    }

    @Test
    void theShippedConfigurationWritesJsonToStdout() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        try {
            context.putProperty("SLUICE_SERVICE", "loader");
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(getClass().getResource("/logback-json-include-test.xml"));
            MDC.put("runId", "run-9");
            context.getLogger("dev.sluice.loader.Loader").info("loaded");
            context.getLogger("software.amazon.awssdk.request").info("sdk noise");
        } finally {
            System.setOut(original);
        }

        List<String> lines = stdout.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(1);
        JsonNode line = JSON.readTree(lines.getFirst());
        assertThat(line.get("message").asText()).isEqualTo("loaded");
        assertThat(line.get("runId").asText()).isEqualTo("run-9");
        assertThat(line.get("service").asText()).isEqualTo("loader");
    }
}
