import { describe, expect, it } from 'vitest';
import { isClusterId, newClusterId, renderServerProperties } from '../src/kafka-config';

function parseProperties(text: string): Map<string, string> {
  const entries = text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const at = line.indexOf('=');
      return [line.slice(0, at), line.slice(at + 1)] as const;
    });
  return new Map(entries);
}

describe('server.properties', () => {
  const props = parseProperties(
    renderServerProperties({
      host: '127.0.0.1',
      brokerPort: 9092,
      controllerPort: 9093,
      dataDir: '/repo/.stack/kafka/data',
    }),
  );

  it('runs broker and controller in one KRaft process on loopback', () => {
    expect(props.get('process.roles')).toBe('broker,controller');
    expect(props.get('controller.quorum.voters')).toBe(`${props.get('node.id')}@127.0.0.1:9093`);
    expect(props.get('listeners')).toBe('PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093');
    expect(props.get('advertised.listeners')).toBe('PLAINTEXT://127.0.0.1:9092');
    expect(props.get('controller.listener.names')).toBe('CONTROLLER');
    expect(props.get('log.dirs')).toBe('/repo/.stack/kafka/data');
  });

  it('is sized for one node: every replication factor 1, no rebalance delay, no auto-created topics', () => {
    expect(props.get('num.partitions')).toBe('3');
    for (const key of [
      'offsets.topic.replication.factor',
      'transaction.state.log.replication.factor',
      'transaction.state.log.min.isr',
      'default.replication.factor',
      'min.insync.replicas',
    ]) {
      expect(props.get(key), key).toBe('1');
    }
    expect(props.get('group.initial.rebalance.delay.ms')).toBe('0');
    expect(props.get('auto.create.topics.enable')).toBe('false');
  });

  it('escapes what Java properties would misread', () => {
    const text = renderServerProperties({
      host: '127.0.0.1',
      brokerPort: 1,
      controllerPort: 2,
      dataDir: 'C:\\kafka\\data',
    });
    expect(text).toContain('log.dirs=C:\\\\kafka\\\\data\n');
  });
});

describe('cluster ids', () => {
  it('are 22 base64url characters, as Kafka expects', () => {
    for (let i = 0; i < 200; i += 1) expect(isClusterId(newClusterId())).toBe(true);
  });

  it('never start with a dash (it would read as an option)', () => {
    const draws = [Buffer.from('fb'.repeat(16), 'hex'), Buffer.alloc(16, 1)];
    const id = newClusterId(() => draws.shift() ?? Buffer.alloc(16, 2));
    expect(id.startsWith('-')).toBe(false);
    expect(isClusterId(id)).toBe(true);
  });

  it.each([
    '',
    'short',
    '-AAAAAAAAAAAAAAAAAAAAA',
    'AAAAAAAAAAAAAAAAAAAAA=',
    'AAAAAAAAAAAAAAAAAAAAAAA',
    'AAAAAAAAAA AAAAAAAAAAA',
  ])('rejects %j', (text) => expect(isClusterId(text)).toBe(false));
});

describe('server.properties of a node of the three-node cluster', () => {
  const props = parseProperties(
    renderServerProperties({
      host: '127.0.0.1',
      brokerPort: 19094,
      controllerPort: 19095,
      dataDir: '/repo/.stack/kafka-2/data',
      cluster: { nodeId: 2, controllerPorts: [19093, 19095, 19097] },
    }),
  );

  it('is node 2 of a quorum of three, listening on its own ports', () => {
    expect(props.get('node.id')).toBe('2');
    expect(props.get('controller.quorum.voters')).toBe(
      '1@127.0.0.1:19093,2@127.0.0.1:19095,3@127.0.0.1:19097',
    );
    expect(props.get('listeners')).toBe('PLAINTEXT://127.0.0.1:19094,CONTROLLER://127.0.0.1:19095');
  });

  it('keeps three replicas, acknowledges with two, and notices a dead broker within seconds', () => {
    expect(props.get('default.replication.factor')).toBe('3');
    expect(props.get('min.insync.replicas')).toBe('2');
    expect(props.get('offsets.topic.replication.factor')).toBe('3');
    expect(props.get('transaction.state.log.min.isr')).toBe('2');
    expect(Number(props.get('broker.session.timeout.ms'))).toBeLessThanOrEqual(3000);
    expect(Number(props.get('replica.lag.time.max.ms'))).toBeLessThanOrEqual(3000);
  });
});
