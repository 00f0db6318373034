package dev.sluice.transformer.xl;

import dev.sluice.dataplane.InvalidSettingsException;
import dev.sluice.spec.settings.Lookup;
import dev.sluice.spec.settings.SettingDef;
import dev.sluice.spec.settings.SettingException;
import java.time.Duration;
import java.util.List;

/**
 * Where the transformer runs {@code xl} jobs' transforms: {@code SLUICE_SPARK_MODE} {@code emr-serverless} (the
 * application, role and driver jar below) or {@code local} (a child JVM with {@code SLUICE_SPARK_LOCAL_CLASSPATH}).
 */
public record XlSettings(String mode, String emrApplicationId, String emrExecutionRoleArn, String driverJar,
        String sparkSubmitParameters, String localClasspath, String localMaster, String localMaxHeap,
        Duration pollInterval, Duration timeout) {

    public static final SettingDef<String> MODE = SettingDef.string("SLUICE_SPARK_MODE", "emr-serverless",
            "where xl transforms run: emr-serverless or local (a child JVM in local mode)");
    public static final SettingDef<String> EMR_APPLICATION_ID = SettingDef.string("SLUICE_EMR_APPLICATION_ID", null,
            "the EMR Serverless (Spark) application that runs xl transforms");
    public static final SettingDef<String> EMR_EXECUTION_ROLE_ARN = SettingDef.string("SLUICE_EMR_EXECUTION_ROLE_ARN",
            null, "the job runtime role of EMR Serverless job runs (reads inputs, writes staging)");
    public static final SettingDef<String> DRIVER_JAR = SettingDef.string("SLUICE_SPARK_DRIVER_JAR", null,
            "the s3:// location of the spark-transform-driver jar");
    public static final SettingDef<String> SUBMIT_PARAMETERS = SettingDef.string("SLUICE_SPARK_SUBMIT_PARAMETERS", "",
            "extra spark-submit parameters, e.g. --conf spark.executor.memory=8g");
    public static final SettingDef<String> LOCAL_CLASSPATH = SettingDef.string("SLUICE_SPARK_LOCAL_CLASSPATH", null,
            "local mode: the class path of the driver jar and Spark's jars");
    public static final SettingDef<String> LOCAL_MASTER = SettingDef.string("SLUICE_SPARK_LOCAL_MASTER", "local[*]",
            "local mode: Spark's master");
    public static final SettingDef<String> LOCAL_MAX_HEAP = SettingDef.string("SLUICE_SPARK_LOCAL_MAX_HEAP", "2g",
            "local mode: the child JVM's -Xmx");
    public static final SettingDef<Duration> POLL_INTERVAL = SettingDef.duration("SLUICE_SPARK_POLL_INTERVAL",
            Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofMinutes(10), "how often GetJobRun is polled");
    public static final SettingDef<Duration> TIMEOUT = SettingDef.duration("SLUICE_SPARK_TIMEOUT",
            Duration.ofHours(6), Duration.ofMinutes(1), Duration.ofDays(2),
            "how long an xl transform may run before it is cancelled and retried");
    public static final List<SettingDef<?>> DEFINITIONS = List.of(MODE, EMR_APPLICATION_ID, EMR_EXECUTION_ROLE_ARN,
            DRIVER_JAR, SUBMIT_PARAMETERS, LOCAL_CLASSPATH, LOCAL_MASTER, LOCAL_MAX_HEAP, POLL_INTERVAL, TIMEOUT);

    /**
     * Reads the settings; the ones a mode needs must be set.
     *
     * @throws InvalidSettingsException naming the setting and its value
     */
    public static XlSettings from(Lookup settings) {
        try {
            String mode = MODE.get(settings);
            XlSettings xl = new XlSettings(mode, EMR_APPLICATION_ID.getOrElse(settings, null), EMR_EXECUTION_ROLE_ARN.getOrElse(settings, null),
                    DRIVER_JAR.getOrElse(settings, null), SUBMIT_PARAMETERS.get(settings), LOCAL_CLASSPATH.getOrElse(settings, null),
                    LOCAL_MASTER.get(settings), LOCAL_MAX_HEAP.get(settings), POLL_INTERVAL.get(settings),
                    TIMEOUT.get(settings));
            switch (mode) {
                case "emr-serverless" -> {
                    require(EMR_APPLICATION_ID, xl.emrApplicationId(), mode);
                    require(EMR_EXECUTION_ROLE_ARN, xl.emrExecutionRoleArn(), mode);
                    require(DRIVER_JAR, xl.driverJar(), mode);
                    if (!xl.driverJar().startsWith("s3://")) {
                        throw new InvalidSettingsException(DRIVER_JAR.name(), "'" + xl.driverJar()
                                + "' is not an s3:// location");
                    }
                }
                case "local" -> require(LOCAL_CLASSPATH, xl.localClasspath(), mode);
                default -> throw new InvalidSettingsException(MODE.name(), "'" + mode
                        + "' is not a mode; expected emr-serverless or local");
            }
            return xl;
        } catch (SettingException e) {
            throw new InvalidSettingsException(e.setting(), e.problem());
        }
    }

    private static void require(SettingDef<String> def, String value, String mode) {
        if (value == null || value.isBlank()) {
            throw new InvalidSettingsException(def.name(), "must be set when SLUICE_SPARK_MODE is " + mode);
        }
    }
}
