package dev.sluice.deploy;

import dev.sluice.spec.model.CronExpression;
import dev.sluice.spec.model.SizeClass;
import dev.sluice.spec.topology.QueueRole;
import dev.sluice.spec.topology.TableRole;
import dev.sluice.spec.topology.Topology;
import dev.sluice.spec.topology.TopologyNames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnCondition;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.applicationautoscaling.AdjustmentType;
import software.amazon.awscdk.services.applicationautoscaling.EnableScalingProps;
import software.amazon.awscdk.services.applicationautoscaling.ScalingInterval;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.ecs.ScalableTaskCount;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.ArnPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IPrincipal;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.EventSourceMapping;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.CfnLogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.CfnBucket;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.sns.CfnSubscription;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.amazon.awscdk.services.sqs.QueuePolicy;
import software.constructs.Construct;

/**
 * One environment of Sluice as a CloudFormation stack, rendered from the topology model ({@code TopologyDeriver}, the
 * same model {@code sluice provision} creates) and the environment's {@link DeploySettings}. docs/deploy.md describes
 * what it holds; docs/security.md what its policies enforce.
 */
public final class SluiceStack extends Stack {
    /** The services, each with its own role. */
    public enum Service {
        TRACKER("tracker", "dependency-tracker", "dev.sluice.tracker.lambda.TrackerFunction::handleRequest"),
        DEADLINE_SWEEP("deadline-sweep", "dependency-tracker", "dev.sluice.tracker.lambda.DeadlineSweepFunction::handleRequest"),
        EXTRACTOR("extractor", "extractor-service", "dev.sluice.extractor.lambda.ExtractorFunction::handleRequest"),
        TRANSFORMER("transformer", "transformer-service", "dev.sluice.transformer.lambda.TransformerFunction::handleRequest"),
        LOADER("loader", "loader-service", "dev.sluice.loader.lambda.LoaderFunction::handleRequest"),
        /** The container workers of {@code large} jobs (ECS Fargate). */
        TRANSFORMER_LARGE("transformer-large", "transformer-service", null);

        private final String id;
        private final String module;
        private final String handler;

        Service(String id, String module, String handler) {
            this.id = id;
            this.module = module;
            this.handler = handler;
        }

        public String id() {
            return id;
        }

        public String module() {
            return module;
        }

        public String handler() {
            return handler;
        }

        /** The Lambda zip of this service for {@code architecture} ({@code x86_64}, {@code arm64}). */
        public String zip(String architecture) {
            return module.equals("dependency-tracker") ? module + "-lambda.zip" : module + "-lambda-" + architecture + ".zip";
        }

        /** Whether the service carries DuckDB (and Arrow: it needs the java.nio opening). */
        boolean duckDb() {
            return !module.equals("dependency-tracker");
        }
    }

    /** Where the functions' code comes from. */
    public sealed interface Artifacts {
        /** The zips in an S3 bucket (the ArtifactBucket and ArtifactPrefix parameters): nothing local is needed. */
        record InBucket() implements Artifacts {
        }

        /** The local zips as CDK file assets, uploaded by {@code cdk deploy} (every zip must exist). */
        record Local(Path repositoryRoot) implements Artifacts {
        }
    }

    private final Topology topology;
    private final DeploySettings settings;
    private final TopologyNames names;
    private final Map<String, Topic> topics = new LinkedHashMap<>();
    private final Map<String, Queue> queues = new LinkedHashMap<>();
    private final Map<String, Queue> deadLetterQueues = new LinkedHashMap<>();
    private final Map<TableRole, Table> tables = new LinkedHashMap<>();
    private final Map<Service, Role> roles = new LinkedHashMap<>();
    private final Map<Service, Function> functions = new LinkedHashMap<>();
    private final List<Alarm> alarms = new ArrayList<>();
    private Key messagingKey;
    private Key dataKey;
    private Bucket bucket;
    private Topic operatorAlerts;

    public SluiceStack(Construct scope, String id, StackProps props, Topology topology, DeploySettings settings,
                       SpecPrefixes prefixes, Path specsLayerDir, Artifacts artifacts) {
        super(scope, id, props);
        this.topology = topology;
        this.settings = settings;
        this.names = new TopologyNames(topology.env());
        keys();
        messaging();
        tables();
        dataBucket();
        boolean anyLarge = topology.queues().stream().anyMatch(q -> q.role() == QueueRole.TRANSFORM_LARGE);
        for (Service service : Service.values()) {
            if (service != Service.TRANSFORMER_LARGE || anyLarge) {
                roles.put(service, role(service, prefixes));
            }
        }
        topicPolicies();
        if (!topology.arrivals().isEmpty()) {
            fileArrivals();
        }
        functions(specsLayerDir, artifacts);
        if (anyLarge) {
            largeWorkers();
        }
        alerts();
        dashboard();
    }

    public Topology topology() {
        return topology;
    }

    public DeploySettings settings() {
        return settings;
    }

    /** The role of {@code service}. */
    public Role role(Service service) {
        return roles.get(service);
    }

    public Map<Service, Role> roles() {
        return roles;
    }

    public Function function(Service service) {
        return functions.get(service);
    }

    public Queue queue(String name) {
        return queues.get(name);
    }

    public Queue deadLetterQueue(String queueName) {
        return deadLetterQueues.get(queueName);
    }

    public Topic topic(String name) {
        return topics.get(name);
    }

    public Table table(TableRole role) {
        return tables.get(role);
    }

    public Bucket bucket() {
        return bucket;
    }

    public Key messagingKey() {
        return messagingKey;
    }

    public Key dataKey() {
        return dataKey;
    }

    public Topic operatorAlerts() {
        return operatorAlerts;
    }

    // ---------------------------------------------------------------- keys

    private void keys() {
        messagingKey = Key.Builder.create(this, "MessagingKey")
                .alias("alias/" + names.prefix() + "messaging")
                .description("Sluice " + topology.env() + ": SNS topics and SQS queues")
                .enableKeyRotation(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        // SNS encrypts what it delivers to the (encrypted) queues; CloudWatch publishes alarms to the alerts topic.
        for (String service : List.of("sns.amazonaws.com", "cloudwatch.amazonaws.com")) {
            messagingKey.addToResourcePolicy(PolicyStatement.Builder.create()
                    .sid(service.substring(0, service.indexOf('.')))
                    .principals(List.of(new ServicePrincipal(service)))
                    .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                    .resources(List.of("*"))
                    .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID)))
                    .build());
        }
        dataKey = Key.Builder.create(this, "DataKey")
                .alias("alias/" + names.prefix() + "data")
                .description("Sluice " + topology.env() + ": the data bucket, the tables, the logs and the functions' environment")
                .enableKeyRotation(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        dataKey.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("logs")
                .principals(List.of(new ServicePrincipal("logs." + Aws.REGION + ".amazonaws.com")))
                .actions(List.of("kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"))
                .resources(List.of("*"))
                .conditions(Map.of("ArnLike", Map.of("kms:EncryptionContext:aws:logs:arn",
                        "arn:" + Aws.PARTITION + ":logs:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":log-group:*")))
                .build());
    }

    // ---------------------------------------------------------------- topics, queues, subscriptions

    private void messaging() {
        for (Topology.Topic t : topology.topics()) {
            topics.put(t.name(), Topic.Builder.create(this, logicalId("Topic", t.name()))
                    .topicName(t.name())
                    .displayName(t.purpose().length() > 100 ? t.purpose().substring(0, 100) : t.purpose())
                    .masterKey(messagingKey)
                    .enforceSsl(true)
                    .build());
        }
        for (Topology.Queue q : topology.queues()) {
            Queue dlq = Queue.Builder.create(this, logicalId("Dlq", q.name()))
                    .queueName(q.deadLetterQueue())
                    .retentionPeriod(Duration.seconds(q.dlqRetentionSeconds()))
                    .encryption(QueueEncryption.KMS)
                    .encryptionMasterKey(messagingKey)
                    .dataKeyReuse(Duration.hours(1))
                    .enforceSsl(true)
                    .build();
            Queue queue = Queue.Builder.create(this, logicalId("Queue", q.name()))
                    .queueName(q.name())
                    .visibilityTimeout(Duration.seconds(q.visibilityTimeoutSeconds()))
                    .retentionPeriod(Duration.seconds(q.retentionSeconds()))
                    .receiveMessageWaitTime(Duration.seconds(20))
                    .encryption(QueueEncryption.KMS)
                    .encryptionMasterKey(messagingKey)
                    .dataKeyReuse(Duration.hours(1))
                    .deadLetterQueue(DeadLetterQueue.builder().queue(dlq).maxReceiveCount(q.maxReceiveCount()).build())
                    .build();
            queues.put(q.name(), queue);
            deadLetterQueues.put(q.name(), dlq);
        }
        // One statement per queue naming every topic that feeds it, as provisioning writes it: no other topic, and no
        // one else, may send to the queue.
        Map<String, List<String>> topicsByQueue = new LinkedHashMap<>();
        topology.subscriptions().forEach(s -> topicsByQueue.computeIfAbsent(s.queue(), k -> new ArrayList<>())
                .add(topics.get(s.topic()).getTopicArn()));
        Map<String, QueuePolicy> policies = new LinkedHashMap<>();
        queues.forEach((queueName, queue) -> {
            QueuePolicy policy = QueuePolicy.Builder.create(this, logicalId("QueuePolicy", queueName)).queues(List.of(queue)).build();
            List<PolicyStatement> statements = new ArrayList<>();
            List<String> arns = topicsByQueue.getOrDefault(queueName, List.of());
            if (!arns.isEmpty()) {
                statements.add(PolicyStatement.Builder.create()
                        .sid("sluice-sns")
                        .principals(List.of(new ServicePrincipal("sns.amazonaws.com")))
                        .actions(List.of("sqs:SendMessage"))
                        .resources(List.of(queue.getQueueArn()))
                        .conditions(Map.of("ArnEquals", Map.of("aws:SourceArn", List.copyOf(arns))))
                        .build());
            }
            statements.add(PolicyStatement.Builder.create()
                    .sid("tls-only")
                    .effect(Effect.DENY)
                    .principals(List.of(new AnyPrincipal()))
                    .actions(List.of("sqs:*"))
                    .resources(List.of(queue.getQueueArn()))
                    .conditions(Map.of("Bool", Map.of("aws:SecureTransport", "false")))
                    .build());
            policy.getDocument().addStatements(statements.toArray(PolicyStatement[]::new));
            policies.put(queueName, policy);
        });
        int n = 0;
        for (Topology.Subscription s : topology.subscriptions()) {
            Queue queue = queues.get(s.queue());
            CfnSubscription.Builder sub = CfnSubscription.Builder.create(this, "Subscription" + (n++) + pascal(s.queue()))
                    .topicArn(topics.get(s.topic()).getTopicArn())
                    .protocol("sqs")
                    .endpoint(queue.getQueueArn())
                    .rawMessageDelivery(s.rawDelivery());
            if (!s.filterPolicy().isEmpty()) {
                sub.filterPolicyScope("MessageAttributes").filterPolicy(s.filterPolicy());
            }
            CfnSubscription subscription = sub.build();
            subscription.getNode().addDependency(policies.get(s.queue()));
        }
    }

    /** Who may publish: the loader to data-ready, each team's role to its ingress topic, the services to pipeline-events. */
    private void topicPolicies() {
        publishers(names.dataReadyTopic(), List.of(role(Service.LOADER).getRoleArn()));
        List<String> pipeline = new ArrayList<>();
        for (Service s : List.of(Service.TRACKER, Service.DEADLINE_SWEEP, Service.EXTRACTOR, Service.TRANSFORMER,
                Service.LOADER, Service.TRANSFORMER_LARGE)) {
            if (roles.containsKey(s)) {
                pipeline.add(roles.get(s).getRoleArn());
            }
        }
        publishers(names.pipelineEventsTopic(), pipeline);
        for (Topology.Topic t : topology.topics()) {
            names.teamOfIngressTopic(t.name()).ifPresent(team -> {
                String publisher = settings.teamPublishers().get(team);
                publishers(t.name(), publisher == null ? List.of() : List.of(publisher));
                if (publisher != null) {
                    messagingKey.addToResourcePolicy(PolicyStatement.Builder.create()
                            .sid("publisher-" + team)
                            .principals(List.of(new ArnPrincipal(publisher)))
                            .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                            .resources(List.of("*"))
                            .conditions(Map.of("StringEquals", Map.of("kms:ViaService", "sns." + Aws.REGION + ".amazonaws.com")))
                            .build());
                }
            });
        }
    }

    /**
     * The data bucket's object-created notifications for the file-fed datasets: one filter per dataset (its key
     * template's fixed prefix and suffix) to the file-arrivals topic, which only this bucket, through S3, may publish
     * to. The bucket is named by its ARN, not referenced, so that the bucket may wait for the topic's policy (S3 checks
     * that it may publish when the notification is configured) without a cycle.
     */
    private void fileArrivals() {
        Topic topic = topics.get(names.fileArrivalsTopic());
        String bucketArn = "arn:" + Aws.PARTITION + ":s3:::" + topology.buckets().getFirst();
        topic.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("data-bucket")
                .principals(List.of(new ServicePrincipal("s3.amazonaws.com")))
                .actions(List.of("sns:Publish"))
                .resources(List.of(topic.getTopicArn()))
                .conditions(Map.of("ArnEquals", Map.of("aws:SourceArn", bucketArn),
                        "StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID)))
                .build());
        // Nobody else: a request without the bucket as its source (any principal publishing directly) is denied.
        topic.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("only-the-data-bucket")
                .effect(Effect.DENY)
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("sns:Publish"))
                .resources(List.of(topic.getTopicArn()))
                .conditions(Map.of("ArnNotEquals", Map.of("aws:SourceArn", bucketArn)))
                .build());
        messagingKey.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("s3")
                .principals(List.of(new ServicePrincipal("s3.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID)))
                .build());
        List<Object> configurations = new ArrayList<>();
        for (Topology.FileArrival arrival : topology.arrivals()) {
            List<Object> rules = new ArrayList<>(List.of(CfnBucket.FilterRuleProperty.builder().name("prefix").value(arrival.prefix()).build()));
            if (!arrival.suffix().isEmpty()) {
                rules.add(CfnBucket.FilterRuleProperty.builder().name("suffix").value(arrival.suffix()).build());
            }
            configurations.add(CfnBucket.TopicConfigurationProperty.builder()
                    .event("s3:ObjectCreated:*")
                    .topic(topic.getTopicArn())
                    .filter(CfnBucket.NotificationFilterProperty.builder()
                            .s3Key(CfnBucket.S3KeyFilterProperty.builder().rules(rules).build()).build())
                    .build());
        }
        CfnBucket cfn = (CfnBucket) bucket.getNode().getDefaultChild();
        cfn.setNotificationConfiguration(CfnBucket.NotificationConfigurationProperty.builder()
                .topicConfigurations(configurations).build());
        bucket.getNode().addDependency(Objects.requireNonNull(topic.getNode().tryFindChild("Policy"), "the file-arrivals topic's policy"));
    }

    private void publishers(String topicName, List<String> principalArns) {
        Topic topic = topics.get(topicName);
        if (!principalArns.isEmpty()) {
            topic.addToResourcePolicy(PolicyStatement.Builder.create()
                    .sid("publishers")
                    .principals(principalArns.stream().<IPrincipal>map(ArnPrincipal::new).toList())
                    .actions(List.of("sns:Publish"))
                    .resources(List.of(topic.getTopicArn()))
                    .build());
        }
        // An identity policy elsewhere in the account cannot grant more: everyone else is denied.
        PolicyStatement.Builder deny = PolicyStatement.Builder.create()
                .sid("only-publishers")
                .effect(Effect.DENY)
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("sns:Publish"))
                .resources(List.of(topic.getTopicArn()));
        if (!principalArns.isEmpty()) {
            deny.conditions(Map.of("ArnNotEquals", Map.of("aws:PrincipalArn", List.copyOf(principalArns))));
        }
        topic.addToResourcePolicy(deny.build());
    }

    // ---------------------------------------------------------------- state

    private void tables() {
        for (Topology.Table t : topology.tables()) {
            Table.Builder b = Table.Builder.create(this, logicalId("Table", t.name()))
                    .tableName(t.name())
                    .partitionKey(Attribute.builder().name(t.hashKey()).type(AttributeType.STRING).build())
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                            .pointInTimeRecoveryEnabled(true).build())
                    .encryption(TableEncryption.CUSTOMER_MANAGED)
                    .encryptionKey(dataKey)
                    .deletionProtection(true)
                    .removalPolicy(RemovalPolicy.RETAIN);
            t.range().ifPresent(r -> b.sortKey(Attribute.builder().name(r).type(AttributeType.STRING).build()));
            if (t.ttlAttribute() != null) {
                b.timeToLiveAttribute(t.ttlAttribute());
            }
            Table table = b.build();
            for (Topology.Index index : t.indexes()) {
                GlobalSecondaryIndexProps.Builder ib = GlobalSecondaryIndexProps.builder()
                        .indexName(index.name())
                        .partitionKey(Attribute.builder().name(index.hashKey()).type(AttributeType.STRING).build())
                        .projectionType(ProjectionType.ALL);
                if (index.rangeKey() != null) {
                    ib.sortKey(Attribute.builder().name(index.rangeKey()).type(AttributeType.STRING).build());
                }
                table.addGlobalSecondaryIndex(ib.build());
            }
            tables.put(t.role(), table);
        }
    }

    private void dataBucket() {
        bucket = Bucket.Builder.create(this, "DataBucket")
                .bucketName(topology.buckets().getFirst())
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .enforceSsl(true)
                .versioned(true)
                .encryption(BucketEncryption.KMS)
                .encryptionKey(dataKey)
                .bucketKeyEnabled(true)
                .lifecycleRules(List.of(
                        LifecycleRule.builder().id("staging").prefix("staging/")
                                .expiration(Duration.days(settings.stagingExpirationDays()))
                                .noncurrentVersionExpiration(Duration.days(1))
                                .abortIncompleteMultipartUploadAfter(Duration.days(1)).build(),
                        LifecycleRule.builder().id("noncurrent-versions")
                                .noncurrentVersionExpiration(Duration.days(30))
                                .abortIncompleteMultipartUploadAfter(Duration.days(1)).build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        skip(bucket.getNode().getDefaultChild(), "CKV_AWS_18",
                "access logging: S3 data events go to the account's CloudTrail; a log bucket per environment is left to the account baseline");
    }

    // ---------------------------------------------------------------- roles: exactly what each service uses

    private Role role(Service service, SpecPrefixes prefixes) {
        boolean lambda = service != Service.TRANSFORMER_LARGE;
        List<PolicyStatement> statements = new ArrayList<>(statements(service, prefixes));
        if (lambda) {
            String logGroup = "arn:" + Aws.PARTITION + ":logs:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":log-group:/aws/lambda/"
                    + functionName(service);
            statements.add(allow("Logs", List.of("logs:CreateLogStream", "logs:PutLogEvents"), List.of(logGroup + ":*")));
        }
        return Role.Builder.create(this, logicalId("Role", service.id()))
                .roleName(names.prefix() + service.id())
                .description("Sluice " + topology.env() + " " + service.id() + ": only the resources it uses")
                .assumedBy(new ServicePrincipal(lambda ? "lambda.amazonaws.com" : "ecs-tasks.amazonaws.com"))
                .inlinePolicies(Map.of("access", PolicyDocument.Builder.create().statements(statements).build()))
                .build();
    }

    /** The statements of {@code service}'s role, without its log group's (added for functions). */
    List<PolicyStatement> statements(Service service, SpecPrefixes prefixes) {
        List<PolicyStatement> s = new ArrayList<>();
        QueueRole consumed = switch (service) {
            case TRACKER -> QueueRole.TRACKER;
            case EXTRACTOR -> QueueRole.EXTRACT;
            case TRANSFORMER -> QueueRole.TRANSFORM;
            case TRANSFORMER_LARGE -> QueueRole.TRANSFORM_LARGE;
            case LOADER -> QueueRole.LOAD;
            case DEADLINE_SWEEP -> null;
        };
        if (consumed != null) {
            Queue queue = queues.get(names.queue(consumed));
            s.add(allow("Consume", List.of("sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes",
                    "sqs:GetQueueUrl", "sqs:ReceiveMessage"), List.of(queue.getQueueArn())));
            // Poison messages go to the DLQ with their reason (SqsDeadLetterForwarder).
            s.add(allow("DeadLetters", List.of("sqs:GetQueueUrl", "sqs:SendMessage"),
                    List.of(deadLetterQueues.get(names.queue(consumed)).getQueueArn())));
        }
        List<String> publishTo = new ArrayList<>(List.of(topics.get(names.pipelineEventsTopic()).getTopicArn()));
        if (service == Service.LOADER) {
            publishTo.addFirst(topics.get(names.dataReadyTopic()).getTopicArn());
        }
        s.add(allow("Publish", List.of("sns:Publish"), publishTo));
        // Services find topic ARNs by name with ListTopics, which has no resource-level permission.
        s.add(allow("FindTopics", List.of("sns:ListTopics"), List.of("*")));
        switch (service) {
            case TRACKER, DEADLINE_SWEEP -> s.add(allow("TrackerState",
                    List.of("dynamodb:BatchGetItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"),
                    List.of(tableArn(TableRole.DATASET_VERSIONS), tableArn(TableRole.RELEASES),
                            index(TableRole.RELEASES, "waiting"), index(TableRole.RELEASES, "publishing"))));
            default -> {
                s.add(allow("Runs", List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"),
                        List.of(tableArn(TableRole.RUNS), index(TableRole.RUNS, "by-job"))));
                s.add(allow("ReleaseCheck", List.of("dynamodb:GetItem"), List.of(tableArn(TableRole.RELEASES))));
                if (service == Service.LOADER) {
                    s.add(allow("DatasetVersions", List.of("dynamodb:GetItem", "dynamodb:PutItem"),
                            List.of(tableArn(TableRole.DATASET_VERSIONS))));
                }
                s.addAll(objects(service, prefixes));
                s.add(allow("Secrets", List.of("secretsmanager:GetSecretValue"), List.of(formatArn(ArnComponents.builder()
                        .service("secretsmanager").resource("secret").resourceName(settings.secretsPrefix() + "*")
                        .arnFormat(ArnFormat.COLON_RESOURCE_NAME).build()))));
            }
        }
        s.add(allow("MessagingKey", List.of("kms:Decrypt", "kms:GenerateDataKey*"), List.of(messagingKey.getKeyArn())));
        s.add(allow("DataKey", List.of("kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"),
                List.of(dataKey.getKeyArn())));
        return s;
    }

    /** The bucket prefixes a stage reads and writes (docs/security.md, "What deploy/ must enforce"). */
    private List<PolicyStatement> objects(Service service, SpecPrefixes prefixes) {
        List<String> read = new ArrayList<>();
        List<String> write = new ArrayList<>();
        switch (service) {
            case EXTRACTOR -> {
                read.addAll(prefixes.sourceObjects());
                write.add("{bucket}/staging/*");
            }
            case TRANSFORMER, TRANSFORMER_LARGE -> {
                read.addAll(List.of("{bucket}/datasets/*", "{bucket}/staging/*"));
                read.addAll(prefixes.externalInputs());
                write.add("{bucket}/staging/*");
            }
            case LOADER -> {
                read.add("{bucket}/staging/*");
                read.addAll(prefixes.shadowLegacy()); // shadow runs compare with the legacy output
                write.add("{bucket}/datasets/*");
            }
            default -> {
            }
        }
        List<PolicyStatement> s = new ArrayList<>();
        List<String> readable = new ArrayList<>(read);
        write.forEach(w -> {
            if (!readable.contains(w)) {
                readable.add(w);
            }
        });
        s.add(allow("ReadObjects", List.of("s3:GetObject"), readable.stream().map(this::objectArn).toList()));
        s.add(allow("WriteObjects", List.of("s3:AbortMultipartUpload", "s3:DeleteObject", "s3:PutObject"),
                write.stream().map(this::objectArn).toList()));
        // Listing: only under those prefixes, bucket by bucket.
        Map<String, List<String>> prefixesByBucket = new LinkedHashMap<>();
        readable.forEach(p -> prefixesByBucket.computeIfAbsent(SpecPrefixes.bucketOf(p), b -> new ArrayList<>())
                .add(SpecPrefixes.keyOf(p)));
        int i = 0;
        for (Map.Entry<String, List<String>> e : prefixesByBucket.entrySet()) {
            s.add(PolicyStatement.Builder.create()
                    .sid("List" + (i++ == 0 ? "" : i))
                    .actions(List.of("s3:ListBucket"))
                    .resources(List.of(bucketArn(e.getKey())))
                    .conditions(Map.of("StringLike", Map.of("s3:prefix", List.copyOf(e.getValue()))))
                    .build());
        }
        return s;
    }

    private String objectArn(String pattern) {
        return bucketArn(SpecPrefixes.bucketOf(pattern)) + "/" + SpecPrefixes.keyOf(pattern);
    }

    private String bucketArn(String name) {
        return name.equals(SpecPrefixes.OWN_BUCKET) ? bucket.getBucketArn() : "arn:" + Aws.PARTITION + ":s3:::" + name;
    }

    private String tableArn(TableRole role) {
        return tables.get(role).getTableArn();
    }

    private String index(TableRole role, String index) {
        return tables.get(role).getTableArn() + "/index/" + index;
    }

    private static PolicyStatement allow(String sid, List<String> actions, List<String> resources) {
        return PolicyStatement.Builder.create().sid(sid).effect(Effect.ALLOW).actions(actions).resources(resources).build();
    }

    // ---------------------------------------------------------------- functions

    String functionName(Service service) {
        return names.prefix() + service.id();
    }

    private void functions(Path specsLayerDir, Artifacts artifacts) {
        Architecture arch = settings.architecture().equals("arm64") ? Architecture.ARM_64 : Architecture.X86_64;
        LayerVersion specs = LayerVersion.Builder.create(this, "SpecsLayer")
                .layerVersionName(names.prefix() + "specs")
                .description("the pipeline specs, at /opt/specs")
                .code(Code.fromAsset(specsLayerDir.toString()))
                .compatibleArchitectures(List.of(arch))
                .build();
        IBucket artifactBucket = null;
        CfnParameter artifactPrefix = null;
        if (artifacts instanceof Artifacts.InBucket) {
            CfnParameter bucketName = CfnParameter.Builder.create(this, "ArtifactBucket")
                    .type("String").minLength(3)
                    .description("the S3 bucket holding the services' Lambda zips (docs/deploy.md)").build();
            artifactPrefix = CfnParameter.Builder.create(this, "ArtifactPrefix")
                    .type("String").defaultValue("sluice/")
                    .description("the key prefix of the zips in ArtifactBucket, e.g. sluice/0.1.0/ (a new prefix updates the functions)").build();
            artifactBucket = Bucket.fromBucketName(this, "Artifacts", bucketName.getValueAsString());
        }
        for (Service service : Service.values()) {
            if (service == Service.TRANSFORMER_LARGE) {
                continue;
            }
            boolean tracker = service == Service.TRACKER || service == Service.DEADLINE_SWEEP;
            String zip = service.zip(settings.architecture());
            Code code = artifacts instanceof Artifacts.Local local
                    ? Code.fromAsset(local.repositoryRoot().resolve(service.module()).resolve("target").resolve(zip).toString())
                    : Code.fromBucket(artifactBucket, artifactPrefix.getValueAsString() + zip);
            LogGroup logGroup = logGroup(service.id(), "/aws/lambda/" + functionName(service));
            Map<String, String> env = new LinkedHashMap<>();
            env.put("SLUICE_ENV", topology.env());
            env.put("SLUICE_SPECS_DIR", "/opt/specs");
            env.put("SLUICE_POLLER_MAX_RECEIVE_COUNT", Integer.toString(settings.maxReceiveCount()));
            if (!tracker) {
                env.put("SLUICE_SECRETS_MANAGER_PREFIX", settings.secretsPrefix());
            }
            if (service == Service.TRANSFORMER) {
                env.put("SLUICE_TRANSFORM_SMALL_MAX_INPUT", settings.smallMaxInput());
            }
            if (service.duckDb()) {
                env.put("JAVA_TOOL_OPTIONS", "--add-opens=java.base/java.nio=ALL-UNNAMED");
            }
            Function.Builder fb = Function.Builder.create(this, logicalId("Function", service.id()))
                    .functionName(functionName(service))
                    .description("Sluice " + topology.env() + " " + service.id())
                    .runtime(Runtime.JAVA_21)
                    .architecture(arch)
                    .handler(service.handler())
                    .code(code)
                    .layers(List.of(specs))
                    .role(roles.get(service))
                    .logGroup(logGroup)
                    .memorySize(tracker ? settings.trackerMemoryMb() : settings.smallMemoryMb())
                    .timeout(Duration.seconds((tracker ? settings.trackerTimeout() : settings.stageTimeout()).toSeconds()))
                    .reservedConcurrentExecutions(tracker ? (service == Service.DEADLINE_SWEEP ? 1 : settings.trackerReservedConcurrency())
                            : settings.stageReservedConcurrency())
                    .environment(env)
                    .environmentEncryption(dataKey);
            if (tracker || settings.stageSnapStart()) {
                fb.snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS);
            }
            if (!tracker) {
                fb.ephemeralStorageSize(Size.mebibytes(settings.ephemeralStorageMb()));
            }
            Function fn = fb.build();
            ignoreLint(fn.getNode().getDefaultChild(), "W3005",
                    "CDK's Function adds DependsOn its role on top of the GetAtt, so the role's policy exists before the function");
            skip(fn.getNode().getDefaultChild(), "CKV_AWS_117",
                    "not in a VPC: the extractor reaches the declared HTTP and JDBC sources, and the services reach only AWS APIs; egress control is the account's (docs/security.md)");
            skip(fn.getNode().getDefaultChild(), "CKV_AWS_116",
                    "invoked by an SQS event source or a schedule, never asynchronously: failed messages go to the queue's DLQ (redrive policy)");
            functions.put(service, fn);
            Alias live = Alias.Builder.create(this, logicalId("Alias", service.id()))
                    .aliasName("live")
                    .version(fn.getCurrentVersion())
                    .build();
            QueueRole consumed = switch (service) {
                case TRACKER -> QueueRole.TRACKER;
                case EXTRACTOR -> QueueRole.EXTRACT;
                case TRANSFORMER -> QueueRole.TRANSFORM;
                case LOADER -> QueueRole.LOAD;
                default -> null;
            };
            if (consumed != null) {
                EventSourceMapping.Builder.create(this, logicalId("EventSource", service.id()))
                        .target(live)
                        .eventSourceArn(queues.get(names.queue(consumed)).getQueueArn())
                        .batchSize(tracker ? settings.trackerBatchSize() : settings.stageBatchSize())
                        .maxConcurrency(tracker ? settings.trackerMaxConcurrency() : settings.stageMaxConcurrency())
                        .reportBatchItemFailures(true)
                        .build();
            } else {
                Rule.Builder.create(this, "DeadlineSweepSchedule")
                        .ruleName(names.prefix() + "deadline-sweep")
                        .description("the tracker's deadline sweep (late inputs), every " + settings.sweepInterval().toMinutes() + " min")
                        .schedule(Schedule.rate(Duration.minutes(settings.sweepInterval().toMinutes())))
                        .targets(List.of(new LambdaFunction(live)))
                        .build();
                clockSchedules(live);
            }
            alarms.add(alarm(service.id() + "-errors", fn.metricErrors(minute("Sum")), 1,
                    "function " + functionName(service) + " failed an invocation"));
            alarms.add(alarm(service.id() + "-throttles", fn.metricThrottles(minute("Sum")), 1,
                    "function " + functionName(service) + " was throttled (reserved concurrency reached)"));
        }
    }

    /**
     * One EventBridge Scheduler schedule per clock dataset, in its time zone, invoking the sweep at each fire time, so
     * that a tick is released then rather than up to a sweep interval later. The sweep computes every due tick on each
     * invocation, so a schedule EventBridge cannot express (both day fields restricted) is left to the sweep's interval.
     */
    private void clockSchedules(Alias sweep) {
        Map<Topology.Schedule, String> expressible = new LinkedHashMap<>();
        topology.schedules().forEach(s -> CronExpression.parse(s.cron()).toAwsCron().ifPresent(aws -> expressible.put(s, aws)));
        if (expressible.isEmpty()) {
            return;
        }
        Role invoker = Role.Builder.create(this, "ClockSchedulerRole")
                .roleName(names.prefix() + "clock-scheduler")
                .description("Sluice " + topology.env() + ": EventBridge Scheduler invokes the sweep at the clock datasets' times")
                .assumedBy(new ServicePrincipal("scheduler.amazonaws.com", software.amazon.awscdk.services.iam.ServicePrincipalOpts.builder()
                        .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID))).build()))
                .build();
        invoker.addToPolicy(PolicyStatement.Builder.create()
                .sid("InvokeSweep")
                .actions(List.of("lambda:InvokeFunction"))
                .resources(List.of(sweep.getFunctionArn()))
                .build());
        for (Map.Entry<Topology.Schedule, String> entry : expressible.entrySet()) {
            Topology.Schedule clock = entry.getKey();
            software.amazon.awscdk.services.scheduler.CfnSchedule schedule = software.amazon.awscdk.services.scheduler.CfnSchedule.Builder
                    .create(this, logicalId("Clock", clock.dataset()))
                    .name(names.prefix() + "clock-" + clock.dataset().replace('_', '-'))
                    .description("Sluice " + topology.env() + ": tick of clock dataset " + clock.dataset() + " (" + clock.cron() + ", "
                            + clock.timeZone() + ")")
                    .scheduleExpression(entry.getValue())
                    .scheduleExpressionTimezone(clock.timeZone())
                    .flexibleTimeWindow(software.amazon.awscdk.services.scheduler.CfnSchedule.FlexibleTimeWindowProperty.builder()
                            .mode("OFF").build())
                    .state("ENABLED")
                    .target(software.amazon.awscdk.services.scheduler.CfnSchedule.TargetProperty.builder()
                            .arn(sweep.getFunctionArn())
                            .roleArn(invoker.getRoleArn())
                            .input("{\"source\":\"sluice.clock\",\"dataset\":\"" + clock.dataset() + "\"}")
                            .retryPolicy(software.amazon.awscdk.services.scheduler.CfnSchedule.RetryPolicyProperty.builder()
                                    .maximumRetryAttempts(3).maximumEventAgeInSeconds(3600).build())
                            .build())
                    .build();
            // The role is referenced; its policy (which may invoke the sweep) must exist before the first fire too.
            schedule.getNode().addDependency(Objects.requireNonNull(invoker.getNode().tryFindChild("DefaultPolicy"), "the scheduler role's policy"));
        }
    }

    private LogGroup logGroup(String id, String name) {
        LogGroup logGroup = LogGroup.Builder.create(this, logicalId("Logs", id))
                .logGroupName(name)
                .encryptionKey(dataKey)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        ((CfnLogGroup) logGroup.getNode().getDefaultChild()).setRetentionInDays(settings.logRetentionDays());
        return logGroup;
    }

    // ---------------------------------------------------------------- large: ECS Fargate

    private void largeWorkers() {
        Vpc vpc = Vpc.Builder.create(this, "Vpc")
                .vpcName(names.prefix() + "workers")
                .maxAzs(2)
                .natGateways(1)
                .subnetConfiguration(List.of(
                        SubnetConfiguration.builder().name("public").subnetType(SubnetType.PUBLIC).cidrMask(24).build(),
                        SubnetConfiguration.builder().name("workers").subnetType(SubnetType.PRIVATE_WITH_EGRESS).cidrMask(22).build()))
                .flowLogs(Map.of("rejected", FlowLogOptions.builder()
                        .destination(FlowLogDestination.toCloudWatchLogs(logGroup("vpc-flow", "/sluice/" + topology.env() + "/vpc-flow")))
                        .trafficType(software.amazon.awscdk.services.ec2.FlowLogTrafficType.REJECT).build()))
                .build();
        Cluster cluster = Cluster.Builder.create(this, "Cluster")
                .clusterName(names.prefix() + "workers")
                .vpc(vpc)
                .containerInsightsV2(ContainerInsights.ENABLED)
                .build();
        CfnParameter tag = CfnParameter.Builder.create(this, "TransformerImageTag")
                .type("String").defaultValue("latest")
                .description("the tag of the transformer image in ECR repository " + settings.largeRepository()).build();
        Role executionRole = Role.Builder.create(this, "TransformerLargeExecutionRole")
                .roleName(names.prefix() + "transformer-large-exec")
                .description("pulls the transformer image and writes its logs")
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                .build();
        FargateTaskDefinition task = FargateTaskDefinition.Builder.create(this, "TransformerLargeTask")
                .family(names.prefix() + "transformer-large")
                .cpu(settings.largeCpu())
                .memoryLimitMiB(settings.largeMemoryMb())
                .ephemeralStorageGiB(100)
                .taskRole(roles.get(Service.TRANSFORMER_LARGE))
                .executionRole(executionRole)
                .runtimePlatform(RuntimePlatform.builder()
                        .cpuArchitecture(settings.architecture().equals("arm64") ? CpuArchitecture.ARM64 : CpuArchitecture.X86_64)
                        .operatingSystemFamily(OperatingSystemFamily.LINUX).build())
                .build();
        LogGroup logs = logGroup("transformer-large", "/sluice/" + topology.env() + "/transformer-large");
        task.addContainer("transformer", ContainerDefinitionOptions.builder()
                .image(ContainerImage.fromEcrRepository(Repository.fromRepositoryName(this, "TransformerRepository",
                        settings.largeRepository()), tag.getValueAsString()))
                .environment(Map.of("SLUICE_ENV", topology.env(), "SLUICE_SPECS_DIR", "/specs",
                        "SLUICE_SECRETS_MANAGER_PREFIX", settings.secretsPrefix(),
                        "SLUICE_POLLER_MAX_RECEIVE_COUNT", Integer.toString(settings.maxReceiveCount())))
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder().logGroup(logs).streamPrefix("transformer").build()))
                .stopTimeout(Duration.seconds(60))
                .build());
        skip(task.getNode().getDefaultChild(), "CKV_AWS_336",
                "DuckDB spills and stages files under the work directory; the root file system stays writable, the image runs as an unprivileged user");
        SecurityGroup sg = SecurityGroup.Builder.create(this, "WorkersSecurityGroup").vpc(vpc)
                .description("transform-large workers: no inbound, outbound HTTPS to AWS APIs").allowAllOutbound(false).build();
        sg.addEgressRule(software.amazon.awscdk.services.ec2.Peer.anyIpv4(), software.amazon.awscdk.services.ec2.Port.tcp(443),
                "AWS APIs (S3, SQS, SNS, DynamoDB, KMS, ECR, Logs)");
        FargateService service = FargateService.Builder.create(this, "TransformerLargeService")
                .serviceName(names.prefix() + "transformer-large")
                .cluster(cluster)
                .taskDefinition(task)
                .desiredCount(0)
                .minHealthyPercent(0)
                .assignPublicIp(false)
                .securityGroups(List.of(sg))
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
                .circuitBreaker(DeploymentCircuitBreaker.builder().rollback(true).build())
                .build();
        Queue queue = queues.get(names.queue(QueueRole.TRANSFORM_LARGE));
        IMetric backlog = MathExpression.Builder.create()
                .expression("visible + inFlight")
                .usingMetrics(Map.of(
                        "visible", queue.metricApproximateNumberOfMessagesVisible(minute("Maximum")),
                        "inFlight", queue.metricApproximateNumberOfMessagesNotVisible(minute("Maximum"))))
                .period(Duration.minutes(1))
                .label("transform-large backlog")
                .build();
        ScalableTaskCount scaling = service.autoScaleTaskCount(EnableScalingProps.builder()
                .minCapacity(0).maxCapacity(settings.largeMaxTasks()).build());
        scaling.scaleOnMetric("QueueDepth", software.amazon.awscdk.services.applicationautoscaling.BasicStepScalingPolicyProps.builder()
                .metric(backlog)
                .adjustmentType(AdjustmentType.CHANGE_IN_CAPACITY)
                .scalingSteps(List.of(
                        ScalingInterval.builder().upper(0).change(-1).build(),
                        ScalingInterval.builder().lower(1).change(1).build(),
                        ScalingInterval.builder().lower(5).change(3).build()))
                .cooldown(Duration.minutes(2))
                .build());
    }

    // ---------------------------------------------------------------- alarms, alerts, dashboard

    private void alerts() {
        operatorAlerts = Topic.Builder.create(this, "OperatorAlerts")
                .topicName(names.prefix() + "operator-alerts")
                .displayName("Sluice " + topology.env() + " alarms")
                .masterKey(messagingKey)
                .enforceSsl(true)
                .build();
        for (Topology.Queue q : topology.queues()) {
            Queue dlq = deadLetterQueues.get(q.name());
            alarms.add(alarm(q.role().suffix() + "-dlq", dlq.metricApproximateNumberOfMessagesVisible(minute("Maximum")), 1,
                    "a message is in " + q.deadLetterQueue() + ": see docs/operations.md (sluice dlq)"));
            if (q.role() != QueueRole.ALERTS) {
                alarms.add(alarm(q.role().suffix() + "-oldest",
                        queues.get(q.name()).metricApproximateAgeOfOldestMessage(minute("Maximum")),
                        settings.oldestMessageAlarm().toSeconds(),
                        "the oldest message in " + q.name() + " waits longer than " + settings.oldestMessageAlarm()));
            }
        }
        SnsAction action = new SnsAction(operatorAlerts);
        alarms.forEach(a -> a.addAlarmAction(action));
        // The optional e-mail: the alarms, and the pipeline's own alerts (late inputs, failed jobs: type sluice.alert).
        CfnParameter email = CfnParameter.Builder.create(this, "AlertEmail")
                .type("String").defaultValue("")
                .description("an e-mail address for the alarms and the pipeline's alerts (empty: none)").build();
        CfnCondition hasEmail = CfnCondition.Builder.create(this, "HasAlertEmail")
                .expression(Fn.conditionNot(Fn.conditionEquals(email.getValueAsString(), ""))).build();
        Topology.Subscription alertRoute = topology.subscriptions().stream()
                .filter(s -> s.queue().equals(names.queue(QueueRole.ALERTS))).findFirst().orElseThrow();
        CfnSubscription alarmsMail = CfnSubscription.Builder.create(this, "AlarmEmail")
                .topicArn(operatorAlerts.getTopicArn()).protocol("email").endpoint(email.getValueAsString()).build();
        alarmsMail.getCfnOptions().setCondition(hasEmail);
        CfnSubscription alertsMail = CfnSubscription.Builder.create(this, "PipelineAlertEmail")
                .topicArn(topics.get(alertRoute.topic()).getTopicArn()).protocol("email").endpoint(email.getValueAsString())
                .filterPolicyScope("MessageAttributes").filterPolicy(alertRoute.filterPolicy()).build();
        alertsMail.getCfnOptions().setCondition(hasEmail);
    }

    private Alarm alarm(String id, Metric metric, double threshold, String description) {
        return Alarm.Builder.create(this, logicalId("Alarm", id))
                .alarmName(names.prefix() + id)
                .alarmDescription(description)
                .metric(metric)
                .threshold(threshold)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
    }

    private void dashboard() {
        Dashboard dashboard = Dashboard.Builder.create(this, "Dashboard").dashboardName(names.prefix() + "health").build();
        dashboard.addWidgets(TextWidget.Builder.create()
                .markdown("# Sluice " + topology.env() + "\nQueues, dead letters, functions. Runbooks: docs/operations.md")
                .width(24).height(2).build());
        dashboard.addWidgets(
                graph("Work waiting (messages visible)", topology.queues().stream()
                        .map(q -> (IMetric) queues.get(q.name()).metricApproximateNumberOfMessagesVisible(minute("Maximum"))).toList()),
                graph("Dead letters", topology.queues().stream()
                        .map(q -> (IMetric) deadLetterQueues.get(q.name()).metricApproximateNumberOfMessagesVisible(minute("Maximum"))).toList()),
                graph("Oldest message age (s)", topology.queues().stream()
                        .map(q -> (IMetric) queues.get(q.name()).metricApproximateAgeOfOldestMessage(minute("Maximum"))).toList()));
        dashboard.addWidgets(
                graph("Invocations", functions.values().stream().map(f -> (IMetric) f.metricInvocations(minute("Sum"))).toList()),
                graph("Errors and throttles", functions.values().stream().flatMap(f -> java.util.stream.Stream.of(
                        (IMetric) f.metricErrors(minute("Sum")), f.metricThrottles(minute("Sum")))).toList()),
                graph("Duration p95 (ms)", functions.values().stream().map(f -> (IMetric) f.metricDuration(minute("p95"))).toList()));
    }

    private static GraphWidget graph(String title, List<IMetric> metrics) {
        return GraphWidget.Builder.create().title(title).left(metrics).width(8).height(6).build();
    }

    private static MetricOptions minute(String statistic) {
        return MetricOptions.builder().period(Duration.minutes(1)).statistic(statistic).build();
    }

    // ---------------------------------------------------------------- helpers

    /** A checkov suppression, with its reason, in the resource's metadata. */
    @SuppressWarnings("unchecked")
    static void skip(Object cfnResource, String check, String reason) {
        CfnResource resource = (CfnResource) cfnResource;
        Object existing = resource.getCfnOptions().getMetadata() == null ? null : resource.getCfnOptions().getMetadata().get("checkov");
        List<Map<String, String>> skips = new ArrayList<>();
        if (existing instanceof Map<?, ?> m && m.get("skip") instanceof List<?> l) {
            skips.addAll((List<Map<String, String>>) l);
        }
        skips.add(Map.of("id", check, "comment", reason));
        resource.addMetadata("checkov", Map.of("skip", skips));
    }

    /** A cfn-lint rule ignored on one resource, with its reason next to it in the metadata. */
    static void ignoreLint(Object cfnResource, String rule, String reason) {
        CfnResource resource = (CfnResource) cfnResource;
        resource.addMetadata("cfn-lint", Map.of("config", Map.of("ignore_checks", List.of(rule))));
        resource.addMetadata("sluice-cfn-lint-reasons", Map.of(rule, reason));
    }

    static String logicalId(String kind, String name) {
        return kind + pascal(name);
    }

    static String pascal(String name) {
        StringBuilder b = new StringBuilder();
        for (String part : name.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return b.toString();
    }

    /** The Lambda zips the stack's functions use, by service, for {@code architecture}. */
    public static Map<Service, String> zips(String architecture) {
        Map<Service, String> zips = new LinkedHashMap<>();
        for (Service s : Service.values()) {
            if (s.handler() != null) {
                zips.put(s, s.module() + "/target/" + s.zip(architecture));
            }
        }
        return zips;
    }

    static boolean isLarge(SizeClass size) {
        return size == SizeClass.LARGE;
    }
}
