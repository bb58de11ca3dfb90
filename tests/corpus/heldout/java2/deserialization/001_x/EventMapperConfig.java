package com.northwind.automation.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import com.fasterxml.jackson.databind.jsontype.PolymorphicTypeValidator;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.northwind.automation.model.steps.WorkflowStep;
import java.util.ArrayList;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Mapper used by the workflow engine. Workflow steps are stored and exchanged as
 * polymorphic JSON, so the mapper records the concrete class of each step.
 */
@Configuration
public class EventMapperConfig {

    @Bean(name = "workflowMapper")
    public ObjectMapper workflowMapper() {
        // only our own step types may appear as polymorphic values
        PolymorphicTypeValidator stepTypes = BasicPolymorphicTypeValidator.builder()
                .allowIfBaseType(WorkflowStep.class)
                .allowIfSubType("com.northwind.automation.model.steps.")
                .allowIfSubType(ArrayList.class)
                .build();

        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .activateDefaultTyping(stepTypes, ObjectMapper.DefaultTyping.NON_FINAL)
                .build();
    }
}
