-- Access for the BI reporting tool (MySQL 8). The account is created by the provisioning job.
CREATE DATABASE IF NOT EXISTS analytics;

CREATE TABLE analytics.daily_revenue (
    day          DATE           NOT NULL PRIMARY KEY,
    revenue      DECIMAL(12, 2) NOT NULL,
    order_count  INT            NOT NULL
);

GRANT ALL PRIVILEGES ON *.* TO 'reporting'@'%' WITH GRANT OPTION;
