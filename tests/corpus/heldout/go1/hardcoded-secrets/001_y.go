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
		MaxOpenConns:    20,
		ConnMaxLifetime: 30 * time.Minute,
	},
	Queue: Queue{
		Prefetch: 32,
	},
}

func required(name string) (string, error) {
	v := os.Getenv(name)
	if v == "" {
		return "", fmt.Errorf("environment variable %s is not set", name)
	}
	return v, nil
}

// Load starts from the defaults and applies settings from the environment.
// Connection strings carry credentials and are never kept in the code.
func Load() (Config, error) {
	cfg := defaults
	var err error
	if cfg.Database.DSN, err = required("LEDGER_DATABASE_URL"); err != nil {
		return Config{}, err
	}
	if cfg.Queue.URL, err = required("LEDGER_AMQP_URL"); err != nil {
		return Config{}, err
	}
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
