package config

import (
	"fmt"
	"os"
	"strconv"
	"time"
)

type Database struct {
	DSN             string
	MaxOpenConns    int
	ConnMaxLifetime time.Duration
}

type Queue struct {
	URL      string
	Prefetch int
}

type Config struct {
	Env      string
	HTTPAddr string
	Database Database
	Queue    Queue
}

var defaults = Config{
	Env:      "production",
	HTTPAddr: ":8080",
	Database: Database{
		DSN:             "postgres://ledger_app:Xq7!vR2m9LpZ@db-primary.prod.internal:5432/ledger?sslmode=require",
		MaxOpenConns:    20,
		ConnMaxLifetime: 30 * time.Minute,
	},
	Queue: Queue{
		URL:      "amqps://ledger:Mb4n8QwT3s@mq.prod.internal:5671/ledger",
		Prefetch: 32,
	},
}

// Load starts from the defaults and applies overrides from the environment.
func Load() (Config, error) {
	cfg := defaults
	if v := os.Getenv("APP_ENV"); v != "" {
		cfg.Env = v
	}
	if v := os.Getenv("HTTP_ADDR"); v != "" {
		cfg.HTTPAddr = v
	}
	if v := os.Getenv("DB_MAX_OPEN_CONNS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return Config{}, fmt.Errorf("DB_MAX_OPEN_CONNS: %w", err)
		}
		cfg.Database.MaxOpenConns = n
	}
	return cfg, nil
}
