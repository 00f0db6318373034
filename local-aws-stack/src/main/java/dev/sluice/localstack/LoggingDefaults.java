package dev.sluice.localstack;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logging defaults of the stack, applied only when SLF4J is bound to logback and only where the application's
 * configuration says nothing.
 */
final class LoggingDefaults {

    private LoggingDefaults() {}

    /** Sets a logger's level unless the configuration already sets one. */
    static void levelUnlessConfigured(String loggerName, String level) {
        if (isLogback()) {
            Logback.levelUnlessConfigured(loggerName, level);
        }
    }

    /**
     * For the command line: everything on stderr at INFO (stdout is for the settings), unless
     * {@code -Dlogback.configurationFile} is given.
     */
    static void commandLine() {
        if (isLogback() && System.getProperty("logback.configurationFile") == null) {
            Logback.consoleOnStderr();
        }
    }

    private static boolean isLogback() {
        return LoggerFactory.getILoggerFactory().getClass().getName().startsWith("ch.qos.logback.");
    }

    /** Touches logback classes; loaded only when logback is the SLF4J binding. */
    private static final class Logback {

        static void levelUnlessConfigured(String loggerName, String level) {
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            ch.qos.logback.classic.Logger logger = context.getLogger(loggerName);
            if (logger.getLevel() == null) {
                logger.setLevel(Level.toLevel(level));
            }
        }

        static void consoleOnStderr() {
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            context.reset();
            PatternLayoutEncoder encoder = new PatternLayoutEncoder();
            encoder.setContext(context);
            encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{30} - %msg%n");
            encoder.start();
            ConsoleAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender = new ConsoleAppender<>();
            appender.setContext(context);
            appender.setTarget("System.err");
            appender.setEncoder(encoder);
            appender.start();
            ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
            root.addAppender(appender);
            root.setLevel(Level.INFO);
            context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
            context.getLogger("com.amazonaws").setLevel(Level.WARN);
            context.getLogger("com.amazonaws.services.dynamodbv2.local").setLevel(Level.ERROR);
        }
    }
}
