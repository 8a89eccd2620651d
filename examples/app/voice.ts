import OpenAI from "openai";

const client = new OpenAI();

export async function summarise(text: string) {
  const response = await client.responses.create({
    model: "openai.gpt-5.5",
    input: text,
    stream: true,
  });
  return response;
}

export function listen() {
  return new WebSocket("wss://api.openai.com/v1/realtime?model=gpt-realtime");
}
