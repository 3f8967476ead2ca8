import { createContext, type ReactNode, useContext } from 'react';
import type { MudClient } from './createMudClient.js';

const MudContext = createContext<MudClient | null>(null);

export function MudProvider({ client, children }: { client: MudClient; children: ReactNode }) {
  return <MudContext value={client}>{children}</MudContext>;
}

export function useMud(): MudClient {
  const client = useContext(MudContext);
  if (client === null) throw new Error('useMud() needs a <MudProvider> above it');
  return client;
}
