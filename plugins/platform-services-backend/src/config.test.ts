import { ConfigReader } from '@backstage/config';
import { readPlatformServicesConfig } from './config';

describe('readPlatformServicesConfig', () => {
  const read = (data: object) =>
    readPlatformServicesConfig(new ConfigReader(data), '/srv/backend');

  it('resolves a relative path against the working directory and applies defaults', () => {
    expect(
      read({ platformServices: { catalog: { path: '../examples/c.json' } } }),
    ).toEqual({
      catalog: {
        location: { kind: 'path', path: '/srv/examples/c.json' },
        refresh: { minutes: 5 },
        maxBytes: 52428800,
        watch: true,
      },
    });
  });

  it('reads a URL, a refresh duration and a size limit', () => {
    const config = read({
      platformServices: {
        catalog: {
          url: 'https://example.com/c.json',
          refresh: 'PT30S',
          maxBytes: 1000,
        },
      },
    });
    expect(config.catalog.location).toEqual({
      kind: 'url',
      url: 'https://example.com/c.json',
    });
    expect(config.catalog.refresh).toEqual({ seconds: 30 });
    expect(config.catalog.maxBytes).toBe(1000);
  });

  it('names the config key when the configuration is wrong', () => {
    expect(() => read({})).toThrow(
      /platformServices.catalog.path .* or platformServices.catalog.url/,
    );
    expect(() =>
      read({ platformServices: { catalog: { path: 'a', url: 'https://b' } } }),
    ).toThrow(
      'Invalid configuration at platformServices.catalog: expected one of path and url, got both',
    );
    expect(() =>
      read({ platformServices: { catalog: { path: 'a', refresh: 'soon' } } }),
    ).toThrow(/platformServices.catalog.refresh: expected a duration/);
    expect(() =>
      read({ platformServices: { catalog: { path: 'a', maxBytes: -1 } } }),
    ).toThrow(
      'Invalid configuration at platformServices.catalog.maxBytes: expected a positive whole number of bytes, got -1',
    );
  });
});
