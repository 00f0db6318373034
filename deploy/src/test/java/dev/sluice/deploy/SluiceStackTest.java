package dev.sluice.deploy;

import static dev.sluice.deploy.Synth.list;
import static dev.sluice.deploy.Synth.one;
import static dev.sluice.deploy.Synth.props;
import static dev.sluice.deploy.Synth.resources;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.deploy.SluiceStack.Service;
import dev.sluice.spec.topology.QueueRole;
import dev.sluice.spec.topology.TableRole;
import dev.sluice.spec.topology.Topology;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Template;

/** The sample pipeline's environment "dev" as CloudFormation: one synth for the class. */
class SluiceStackTest {
    @TempDir
    static Path out;

    static SluiceStack stack;
    static Topology topology;
    static Template template;

    @BeforeAll
    static void synth() {
        DeployApp.Result result = Synth.synth(Synth.SAMPLE_SPECS, Synth.DEV_SETTINGS, out.resolve("dev"));
        stack = result.stack();
        topology = stack.topology();
        template = Template.fromStack(stack);
    }

    private static Object resolve(Object token) {
        return stack.resolve(token);
    }

    @Test
    void everyQueueHasItsDeadLetterQueueAndRedrivePolicy() {
        assertThat(resources(template, "AWS::SQS::Queue")).hasSize(topology.queues().size() * 2);
        for (Topology.Queue q : topology.queues()) {
            Map<String, Object> queue = props(one(template, "AWS::SQS::Queue", "QueueName", q.name()));
            one(template, "AWS::SQS::Queue", "QueueName", q.deadLetterQueue());
            assertThat(queue.get("RedrivePolicy")).as(q.name()).isEqualTo(Map.of(
                    "deadLetterTargetArn", resolve(stack.deadLetterQueue(q.name()).getQueueArn()),
                    "maxReceiveCount", q.maxReceiveCount()));
            assertThat(queue.get("VisibilityTimeout")).isEqualTo(900);
            assertThat(queue.get("KmsMasterKeyId")).isEqualTo(resolve(stack.messagingKey().getKeyArn()));
        }
    }

    @Test
    void eachSubscriptionHasTheTopologysFilterPolicyAndRawDelivery() {
        List<Map<String, Object>> sqs = resources(template, "AWS::SNS::Subscription").values().stream()
                .map(Synth::props).filter(p -> "sqs".equals(p.get("Protocol"))).toList();
        assertThat(sqs).hasSize(topology.subscriptions().size());
        for (Topology.Subscription s : topology.subscriptions()) {
            List<Map<String, Object>> matching = sqs.stream()
                    .filter(p -> p.get("TopicArn").equals(resolve(stack.topic(s.topic()).getTopicArn()))
                            && p.get("Endpoint").equals(resolve(stack.queue(s.queue()).getQueueArn())))
                    .toList();
            assertThat(matching).as(s.topic() + " -> " + s.queue()).hasSize(1);
            Map<String, Object> p = matching.getFirst();
            if (s.filterPolicy().isEmpty()) {
                assertThat(p).as(s.topic() + " -> " + s.queue()).doesNotContainKeys("FilterPolicy", "FilterPolicyScope");
            } else {
                assertThat(p.get("FilterPolicy")).as(s.topic() + " -> " + s.queue()).isEqualTo(s.filterPolicy());
                assertThat(p.get("FilterPolicyScope")).isEqualTo("MessageAttributes");
            }
            assertThat(p.get("RawMessageDelivery")).as(s.topic() + " -> " + s.queue()).isEqualTo(s.rawDelivery());
        }
        // The trust model: the tracker's subscriptions keep SNS's envelope; the sample has four teams' ingress topics
        // and the data bucket's file arrivals.
        assertThat(topology.subscriptions().stream().filter(s -> s.queue().equals("dev-sluice-tracker")))
                .hasSize(6).allMatch(s -> !s.rawDelivery());
        assertThat(topology.topics()).extracting(Topology.Topic::name).contains("dev-sluice-ingress-fraud-team",
                "dev-sluice-ingress-shop-backend", "dev-sluice-ingress-crm-team", "dev-sluice-ingress-logistics-partner");
    }

    @Test
    void queuePoliciesAllowOnlyTheirTopicsOverTls() {
        Map<String, List<Object>> expected = new LinkedHashMap<>();
        topology.subscriptions().forEach(s -> expected.computeIfAbsent(s.queue(), k -> new ArrayList<>())
                .add(resolve(stack.topic(s.topic()).getTopicArn())));
        for (Topology.Queue q : topology.queues()) {
            Object queueRef = resolve(stack.queue(q.name()).getQueueUrl());
            List<Map<String, Object>> policies = resources(template, "AWS::SQS::QueuePolicy").values().stream().map(Synth::props)
                    .filter(p -> list(p.get("Queues")).contains(queueRef)).toList();
            assertThat(policies).as(q.name()).hasSize(1);
            List<Object> statements = statements(policies.getFirst().get("PolicyDocument"));
            assertThat(statements).as(q.name()).containsExactly(
                    Map.of("Sid", "sluice-sns", "Effect", "Allow", "Principal", Map.of("Service", "sns.amazonaws.com"),
                            "Action", "sqs:SendMessage", "Resource", resolve(stack.queue(q.name()).getQueueArn()),
                            "Condition", Map.of("ArnEquals", Map.of("aws:SourceArn", expected.get(q.name())))),
                    Map.of("Sid", "tls-only", "Effect", "Deny", "Principal", Map.of("AWS", "*"), "Action", "sqs:*",
                            "Resource", resolve(stack.queue(q.name()).getQueueArn()),
                            "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))));
        }
    }

    @Test
    void onlyTheLoaderMayPublishDataReadyAndOnlyEachTeamItsIngressTopic() {
        assertThat(topicPolicy("dev-sluice-data-ready")).containsExactly(
                Map.of("Sid", "publishers", "Effect", "Allow", "Principal", Map.of("AWS", resolve(stack.role(Service.LOADER).getRoleArn())),
                        "Action", "sns:Publish", "Resource", resolve(stack.topic("dev-sluice-data-ready").getTopicArn())),
                Map.of("Sid", "only-publishers", "Effect", "Deny", "Principal", Map.of("AWS", "*"), "Action", "sns:Publish",
                        "Resource", resolve(stack.topic("dev-sluice-data-ready").getTopicArn()),
                        "Condition", Map.of("ArnNotEquals", Map.of("aws:PrincipalArn", List.of(resolve(stack.role(Service.LOADER).getRoleArn()))))));
        String fraud = "arn:aws:iam::111122223333:role/fraud-team-sluice-publisher";
        assertThat(topicPolicy("dev-sluice-ingress-fraud-team")).containsExactly(
                Map.of("Sid", "publishers", "Effect", "Allow", "Principal", Map.of("AWS", fraud),
                        "Action", "sns:Publish", "Resource", resolve(stack.topic("dev-sluice-ingress-fraud-team").getTopicArn())),
                Map.of("Sid", "only-publishers", "Effect", "Deny", "Principal", Map.of("AWS", "*"), "Action", "sns:Publish",
                        "Resource", resolve(stack.topic("dev-sluice-ingress-fraud-team").getTopicArn()),
                        "Condition", Map.of("ArnNotEquals", Map.of("aws:PrincipalArn", List.of(fraud)))));
    }

    @Test
    void theDataBucketNotifiesFileArrivalsToATopicOnlyItMayPublishTo() {
        String topic = "dev-sluice-file-arrivals";
        Object topicArn = resolve(stack.topic(topic).getTopicArn());
        Object bucketArn = resolve("arn:" + software.amazon.awscdk.Aws.PARTITION + ":s3:::dev-sluice-data");
        assertThat(topicPolicy(topic)).containsExactly(
                Map.of("Sid", "data-bucket", "Effect", "Allow", "Principal", Map.of("Service", "s3.amazonaws.com"),
                        "Action", "sns:Publish", "Resource", topicArn,
                        "Condition", Map.of("ArnEquals", Map.of("aws:SourceArn", bucketArn),
                                "StringEquals", Map.of("aws:SourceAccount", resolve(software.amazon.awscdk.Aws.ACCOUNT_ID)))),
                Map.of("Sid", "only-the-data-bucket", "Effect", "Deny", "Principal", Map.of("AWS", "*"), "Action", "sns:Publish",
                        "Resource", topicArn, "Condition", Map.of("ArnNotEquals", Map.of("aws:SourceArn", bucketArn))));
        // One object-created filter per file-fed dataset: its key template's fixed prefix and suffix.
        Map<String, Object> bucket = one(template, "AWS::S3::Bucket", "BucketName", "dev-sluice-data");
        assertThat(props(bucket).get("NotificationConfiguration")).isEqualTo(Map.of("TopicConfigurations", List.of(Map.of(
                "Event", "s3:ObjectCreated:*", "Topic", topicArn,
                "Filter", Map.of("S3Key", Map.of("Rules", List.of(Map.of("Name", "prefix", "Value", "raw/orders/date="),
                        Map.of("Name", "suffix", "Value", "/_SUCCESS"))))))));
        // S3 checks it may publish when the notification is configured: the bucket waits for the topic's policy.
        String policy = stack.resolve(stack.getLogicalId((software.amazon.awscdk.CfnElement) stack.topic(topic).getNode()
                .findChild("Policy").getNode().getDefaultChild())).toString();
        assertThat(list(bucket.get("DependsOn"))).contains(policy);
    }

    @Test
    void eachClockDatasetFiresTheSweepAtItsTimesInItsTimeZone() {
        Map<String, Object> clock = props(one(template, "AWS::Scheduler::Schedule", "Name", "dev-sluice-clock-morning-close"));
        assertThat(clock.get("ScheduleExpression")).isEqualTo("cron(0 6 * * ? *)");
        assertThat(clock.get("ScheduleExpressionTimezone")).isEqualTo("Europe/Berlin");
        assertThat(clock.get("FlexibleTimeWindow")).isEqualTo(Map.of("Mode", "OFF"));
        @SuppressWarnings("unchecked")
        Map<String, Object> target = (Map<String, Object>) clock.get("Target");
        assertThat(target.get("Input")).isEqualTo("{\"source\":\"sluice.clock\",\"dataset\":\"morning_close\"}");
        assertThat(target.get("Arn")).asString().startsWith("{Ref=AliasDeadlineSweep"); // the sweep's live alias
        // The scheduler's role may invoke the sweep's live alias and nothing else.
        Map<String, Object> role = props(one(template, "AWS::IAM::Role", "RoleName", "dev-sluice-clock-scheduler"));
        assertThat(role.toString()).contains("scheduler.amazonaws.com", "aws:SourceAccount");
        List<Map<String, Object>> policies = resources(template, "AWS::IAM::Policy").values().stream().map(Synth::props)
                .filter(p -> p.toString().contains("InvokeSweep")).toList();
        assertThat(policies).singleElement().satisfies(p -> assertThat(statements(p.get("PolicyDocument"))).containsExactly(
                Map.of("Sid", "InvokeSweep", "Effect", "Allow", "Action", "lambda:InvokeFunction", "Resource", target.get("Arn"))));
    }

    private static List<Object> topicPolicy(String topic) {
        Object ref = resolve(stack.topic(topic).getTopicArn());
        List<Map<String, Object>> policies = resources(template, "AWS::SNS::TopicPolicy").values().stream().map(Synth::props)
                .filter(p -> list(p.get("Topics")).contains(ref)).toList();
        assertThat(policies).as(topic).hasSize(1);
        // CDK's enforceSsl statement comes first; the publishers' follow.
        List<Object> statements = new ArrayList<>(statements(policies.getFirst().get("PolicyDocument")));
        assertThat(statements.removeFirst()).asString().contains("aws:SecureTransport").contains("Deny");
        return statements;
    }

    @Test
    void theTrackersRoleHasExactlyItsQueuesTopicTablesAndKeys() {
        assertThat(roleStatements(Service.TRACKER)).containsExactly(
                allow("Consume", List.of("sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes",
                        "sqs:GetQueueUrl", "sqs:ReceiveMessage"), stack.queue("dev-sluice-tracker").getQueueArn()),
                allow("DeadLetters", List.of("sqs:GetQueueUrl", "sqs:SendMessage"), stack.deadLetterQueue("dev-sluice-tracker").getQueueArn()),
                allow("Publish", "sns:Publish", stack.topic("dev-sluice-pipeline-events").getTopicArn()),
                allow("FindTopics", "sns:ListTopics", "*"),
                allow("TrackerState", List.of("dynamodb:BatchGetItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"),
                        stack.table(TableRole.DATASET_VERSIONS).getTableArn(), stack.table(TableRole.RELEASES).getTableArn(),
                        stack.table(TableRole.RELEASES).getTableArn() + "/index/waiting",
                        stack.table(TableRole.RELEASES).getTableArn() + "/index/publishing"),
                allow("MessagingKey", List.of("kms:Decrypt", "kms:GenerateDataKey*"), stack.messagingKey().getKeyArn()),
                allow("DataKey", List.of("kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"),
                        stack.dataKey().getKeyArn()),
                allow("Logs", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                        "arn:" + software.amazon.awscdk.Aws.PARTITION + ":logs:" + software.amazon.awscdk.Aws.REGION + ":"
                                + software.amazon.awscdk.Aws.ACCOUNT_ID + ":log-group:/aws/lambda/dev-sluice-tracker:*"));
    }

    @Test
    void theLoaderPublishesDataReadyAndWritesOnlyDatasets() {
        Map<String, Object> statements = bySid(roleStatements(Service.LOADER));
        assertThat(statements.get("Publish")).isEqualTo(allow("Publish", "sns:Publish",
                stack.topic("dev-sluice-data-ready").getTopicArn(), stack.topic("dev-sluice-pipeline-events").getTopicArn()));
        assertThat(statements.get("WriteObjects")).isEqualTo(allow("WriteObjects",
                List.of("s3:AbortMultipartUpload", "s3:DeleteObject", "s3:PutObject"), stack.bucket().getBucketArn() + "/datasets/*"));
        assertThat(statements.get("ReadObjects")).isEqualTo(allow("ReadObjects", "s3:GetObject",
                stack.bucket().getBucketArn() + "/staging/*", stack.bucket().getBucketArn() + "/datasets/*"));
        assertThat(statements.get("DatasetVersions")).isEqualTo(allow("DatasetVersions", List.of("dynamodb:GetItem", "dynamodb:PutItem"),
                stack.table(TableRole.DATASET_VERSIONS).getTableArn()));
        assertThat(statements.get("ReleaseCheck")).isEqualTo(allow("ReleaseCheck", "dynamodb:GetItem",
                stack.table(TableRole.RELEASES).getTableArn()));
        assertThat(statements.get("Secrets")).isEqualTo(allow("Secrets", "secretsmanager:GetSecretValue",
                stack.formatArn(software.amazon.awscdk.ArnComponents.builder().service("secretsmanager").resource("secret")
                        .resourceName("sluice/dev/*").arnFormat(software.amazon.awscdk.ArnFormat.COLON_RESOURCE_NAME).build())));
    }

    @Test
    void theTransformerReadsDatasetsStagingAndTheDeclaredExternalLocationsOnly() {
        Map<String, Object> statements = bySid(roleStatements(Service.TRANSFORMER));
        String bucket = stack.bucket().getBucketArn();
        assertThat(statements.get("ReadObjects")).isEqualTo(allow("ReadObjects", "s3:GetObject",
                bucket + "/datasets/*", bucket + "/staging/*", bucket + "/raw/orders/*", bucket + "/reference/blocklist/*"));
        assertThat(statements.get("WriteObjects")).isEqualTo(allow("WriteObjects",
                List.of("s3:AbortMultipartUpload", "s3:DeleteObject", "s3:PutObject"), bucket + "/staging/*"));
        assertThat(statements.get("List")).isEqualTo(resolve(Map.of("Sid", "List", "Effect", "Allow", "Action", "s3:ListBucket",
                "Resource", bucket, "Condition", Map.of("StringLike", Map.of("s3:prefix",
                        List.of("datasets/*", "staging/*", "raw/orders/*", "reference/blocklist/*"))))));
        assertThat(statements).doesNotContainKey("DatasetVersions");
        // The extractor reads its s3 source's prefix, up to the first template variable.
        assertThat(bySid(roleStatements(Service.EXTRACTOR)).get("ReadObjects")).isEqualTo(allow("ReadObjects", "s3:GetObject",
                bucket + "/raw/orders/date=*", bucket + "/staging/*"));
    }

    @Test
    void noRoleHasAWildcardResourceButListTopicsAndNoOtherPolicyIsAttached() {
        assertThat(resources(template, "AWS::IAM::Policy").values()).noneMatch(p -> String.valueOf(props(p).get("Roles"))
                .matches(".*Role(Tracker|DeadlineSweep|Extractor|Transformer|Loader)[0-9A-F]{8}.*"));
        for (Service service : stack.roles().keySet()) {
            for (Object s : roleStatements(service)) {
                Map<?, ?> statement = (Map<?, ?>) s;
                if (list(statement.get("Resource")).contains("*")) {
                    assertThat(statement.get("Sid")).as(service + ": a * resource").isEqualTo("FindTopics");
                    assertThat(statement.get("Action")).isEqualTo("sns:ListTopics");
                }
            }
        }
    }

    @Test
    void functionsHaveSnapStartOnALiveAliasReservedConcurrencyAndSizedMemory() {
        for (Service service : List.of(Service.TRACKER, Service.DEADLINE_SWEEP, Service.EXTRACTOR, Service.TRANSFORMER, Service.LOADER)) {
            Map<String, Object> fn = props(one(template, "AWS::Lambda::Function", "FunctionName", "dev-sluice-" + service.id()));
            assertThat(fn.get("SnapStart")).as(service.id()).isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
            assertThat(fn.get("Runtime")).isEqualTo("java21");
            assertThat(fn.get("Handler")).isEqualTo(service.handler());
            assertThat(fn.get("Architectures")).isEqualTo(List.of("arm64"));
            boolean tracker = service == Service.TRACKER || service == Service.DEADLINE_SWEEP;
            assertThat(fn.get("MemorySize")).as(service.id()).isEqualTo(tracker ? 1024 : 3008);
            assertThat(fn.get("ReservedConcurrentExecutions")).as(service.id())
                    .isEqualTo(service == Service.DEADLINE_SWEEP ? 1 : tracker ? 5 : 10);
            assertThat(fn.get("KmsKeyArn")).isEqualTo(resolve(stack.dataKey().getKeyArn()));
            assertThat(fn.get("Code")).asString().contains("ArtifactBucket").contains(service.zip("arm64"));
            @SuppressWarnings("unchecked")
            Map<String, Object> env = (Map<String, Object>) ((Map<String, Object>) fn.get("Environment")).get("Variables");
            assertThat(env).containsEntry("SLUICE_ENV", "dev").containsEntry("SLUICE_SPECS_DIR", "/opt/specs")
                    .containsEntry("SLUICE_POLLER_MAX_RECEIVE_COUNT", "5");
        }
        assertThat(resources(template, "AWS::Lambda::Alias")).hasSize(5)
                .allSatisfy((id, a) -> assertThat(props(a).get("Name")).isEqualTo("live"));
    }

    @Test
    void eventSourcesTargetTheAliasWithBatchItemFailuresAndTheSettingsBatchAndConcurrency() {
        Map<Service, QueueRole> consumers = Map.of(Service.TRACKER, QueueRole.TRACKER, Service.EXTRACTOR, QueueRole.EXTRACT,
                Service.TRANSFORMER, QueueRole.TRANSFORM, Service.LOADER, QueueRole.LOAD);
        assertThat(resources(template, "AWS::Lambda::EventSourceMapping")).hasSize(consumers.size());
        consumers.forEach((service, role) -> {
            Map<String, Object> esm = props(one(template, "AWS::Lambda::EventSourceMapping", "EventSourceArn",
                    resolve(stack.queue(topology.queue(role).name()).getQueueArn())));
            assertThat(esm.get("FunctionResponseTypes")).isEqualTo(List.of("ReportBatchItemFailures"));
            assertThat(esm.get("BatchSize")).as(service.id()).isEqualTo(service == Service.TRACKER ? 10 : 1);
            assertThat(esm.get("ScalingConfig")).as(service.id())
                    .isEqualTo(Map.of("MaximumConcurrency", service == Service.TRACKER ? 2 : 5));
            assertThat(String.valueOf(esm.get("FunctionName"))).as("the alias, not $LATEST").contains("Alias");
        });
        Map<String, Object> rule = props(one(template, "AWS::Events::Rule", "Name", "dev-sluice-deadline-sweep"));
        assertThat(rule.get("ScheduleExpression")).isEqualTo("rate(1 minute)");
        assertThat(String.valueOf(rule.get("Targets"))).contains("AliasDeadlineSweep");
    }

    @Test
    void tablesAreOnDemandWithPointInTimeRecoveryTheirIndexesAndTheDataKey() {
        for (Topology.Table t : topology.tables()) {
            Map<String, Object> table = props(one(template, "AWS::DynamoDB::Table", "TableName", t.name()));
            assertThat(table.get("BillingMode")).isEqualTo("PAY_PER_REQUEST");
            assertThat(table.get("PointInTimeRecoverySpecification")).isEqualTo(Map.of("PointInTimeRecoveryEnabled", true));
            assertThat(table.get("SSESpecification")).isEqualTo(Map.of("KMSMasterKeyId", resolve(stack.dataKey().getKeyArn()),
                    "SSEEnabled", true, "SSEType", "KMS"));
            List<Object> indexes = list(table.getOrDefault("GlobalSecondaryIndexes", List.of()));
            assertThat(indexes.stream().map(i -> (Object) ((Map<?, ?>) i).get("IndexName")).toList()).as(t.name())
                    .containsExactlyInAnyOrderElementsOf(t.indexes().stream().map(i -> (Object) i.name()).toList());
            if (t.ttlAttribute() != null) {
                assertThat(table.get("TimeToLiveSpecification")).isEqualTo(Map.of("AttributeName", t.ttlAttribute(), "Enabled", true));
            }
        }
    }

    @Test
    void theDataBucketIsPrivateOwnerEnforcedVersionedKmsEncryptedTlsOnlyWithAStagingLifecycle() {
        Map<String, Object> bucket = props(one(template, "AWS::S3::Bucket", "BucketName", "dev-sluice-data"));
        assertThat(bucket.get("PublicAccessBlockConfiguration")).isEqualTo(Map.of("BlockPublicAcls", true,
                "BlockPublicPolicy", true, "IgnorePublicAcls", true, "RestrictPublicBuckets", true));
        assertThat(bucket.get("OwnershipControls")).isEqualTo(Map.of("Rules", List.of(Map.of("ObjectOwnership", "BucketOwnerEnforced"))));
        assertThat(bucket.get("VersioningConfiguration")).isEqualTo(Map.of("Status", "Enabled"));
        assertThat(bucket.get("BucketEncryption")).isEqualTo(Map.of("ServerSideEncryptionConfiguration", List.of(Map.of(
                "BucketKeyEnabled", true, "ServerSideEncryptionByDefault", Map.of("KMSMasterKeyID",
                        resolve(stack.dataKey().getKeyArn()), "SSEAlgorithm", "aws:kms")))));
        assertThat(String.valueOf(bucket.get("LifecycleConfiguration"))).contains("Prefix=staging/").contains("ExpirationInDays=7");
        Map<String, Object> policy = props(resources(template, "AWS::S3::BucketPolicy").values().iterator().next());
        assertThat(String.valueOf(policy.get("PolicyDocument"))).contains("aws:SecureTransport=false").contains("Effect=Deny");
    }

    @Test
    void alarmsCoverEveryDlqQueueAgeAndFunctionAndGoToTheAlertsTopic() {
        Map<String, Map<String, Object>> alarms = resources(template, "AWS::CloudWatch::Alarm");
        List<String> names = alarms.values().stream().map(a -> (String) props(a).get("AlarmName")).toList();
        for (Topology.Queue q : topology.queues()) {
            assertThat(names).contains("dev-sluice-" + q.role().suffix() + "-dlq");
            if (q.role() != QueueRole.ALERTS) {
                assertThat(names).contains("dev-sluice-" + q.role().suffix() + "-oldest");
            }
        }
        for (String fn : List.of("tracker", "deadline-sweep", "extractor", "transformer", "loader")) {
            assertThat(names).contains("dev-sluice-" + fn + "-errors", "dev-sluice-" + fn + "-throttles");
        }
        Map<String, Object> dlq = props(one(template, "AWS::CloudWatch::Alarm", "AlarmName", "dev-sluice-tracker-dlq"));
        assertThat(dlq.get("MetricName")).isEqualTo("ApproximateNumberOfMessagesVisible");
        assertThat(dlq.get("Threshold")).isEqualTo(1);
        assertThat(dlq.get("ComparisonOperator")).isEqualTo("GreaterThanOrEqualToThreshold");
        assertThat(props(one(template, "AWS::CloudWatch::Alarm", "AlarmName", "dev-sluice-load-oldest")).get("Threshold"))
                .isEqualTo(1800);
        Object alertsTopic = resolve(stack.operatorAlerts().getTopicArn());
        assertThat(alarms.values()).allSatisfy(a -> assertThat(props(a).get("AlarmActions")).isEqualTo(List.of(alertsTopic)));
        assertThat(resources(template, "AWS::CloudWatch::Dashboard")).hasSize(1);
        // The optional e-mail: the alarms, and the pipeline's sluice.alert events, only when the parameter is set.
        template.hasParameter("AlertEmail", Map.of("Default", ""));
        assertThat(resources(template, "AWS::SNS::Subscription").values().stream()
                .filter(s -> "email".equals(props(s).get("Protocol"))).toList())
                .hasSize(2).allSatisfy(s -> assertThat(s.get("Condition")).isEqualTo("HasAlertEmail"));
    }

    @Test
    void everyTopicAndLogGroupIsEncryptedAndLogsAreKept() {
        assertThat(resources(template, "AWS::SNS::Topic")).hasSize(topology.topics().size() + 1)
                .allSatisfy((id, t) -> assertThat(props(t).get("KmsMasterKeyId")).isEqualTo(resolve(stack.messagingKey().getKeyArn())));
        assertThat(resources(template, "AWS::Logs::LogGroup")).hasSize(5)
                .allSatisfy((id, l) -> {
                    assertThat(props(l).get("RetentionInDays")).isEqualTo(30);
                    assertThat(props(l).get("KmsKeyId")).isEqualTo(resolve(stack.dataKey().getKeyArn()));
                });
        assertThat(resources(template, "AWS::KMS::Key")).hasSize(2)
                .allSatisfy((id, k) -> assertThat(props(k).get("EnableKeyRotation")).isEqualTo(true));
        // No large job in the sample: no container workers.
        assertThat(resources(template, "AWS::ECS::Service")).isEmpty();
    }

    // ---------------------------------------------------------------- helpers

    private static List<Object> roleStatements(Service service) {
        Map<String, Object> role = props(one(template, "AWS::IAM::Role", "RoleName", "dev-sluice-" + service.id()));
        List<Object> policies = list(role.get("Policies"));
        assertThat(policies).as(service + "'s inline policies").hasSize(1);
        return statements(((Map<?, ?>) policies.getFirst()).get("PolicyDocument"));
    }

    private static List<Object> statements(Object document) {
        return list(((Map<?, ?>) document).get("Statement"));
    }

    private static Map<String, Object> bySid(List<Object> statements) {
        Map<String, Object> bySid = new LinkedHashMap<>();
        statements.forEach(s -> bySid.put((String) ((Map<?, ?>) s).get("Sid"), s));
        return bySid;
    }

    private static Object allow(String sid, Object actions, Object... resources) {
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Sid", sid);
        statement.put("Effect", "Allow");
        statement.put("Action", actions);
        statement.put("Resource", resources.length == 1 ? resources[0] : List.of(resources));
        return resolve(statement);
    }
}
