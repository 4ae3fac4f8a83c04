// Places from Gulou's registry (NBS 2023 names, public facts) found in ordinary phrasing, and place-like words that are no place.
import { describe, expect, it } from 'vitest';
import { createPlaceMatcher, DEFAULT_PLACES } from '../../../intents/entities/place-extractor.js';
import { normalizeText } from '../../../intents/index.js';

const REGISTRY = [
  ...DEFAULT_PLACES,
  '军门社区',
  '屏山社区',
  '三坊七巷社区',
  '五一广场社区',
  '西湖社区',
  '公益社区',
  '湖前社区',
  '洪山桥社区',
  '乌山社区',
  '琴湖社区',
  '左海社区',
  '梦山社区',
  '树兜社区',
  '东大社区',
  '永恒社区',
];
const places = createPlaceMatcher(REGISTRY);

describe('registry places as residents name them', () => {
  it.each([
    ['我是军门社区的居民', '军门社区'],
    ['我住军门那边，楼下天天有人赌博', '军门社区'],
    ['我们军门这里有个棋牌室聚赌', '军门社区'],
    ['在东街口附近被偷了手机', undefined],
    ['鼓东街道的', '鼓东街道'],
    ['我家在鼓东，想咨询一下', '鼓东街道'],
    ['家住温泉街道，邻居装修扰民', '温泉街道'],
    ['洪山镇有个村倒垃圾', '洪山镇'],
    ['我们是洪山的，村里有人占地', '洪山镇'],
    ['屏山社区有人卖假药', '屏山社区'],
    ['屏山那边有人卖假药', '屏山社区'],
    ['住在三坊七巷附近', '三坊七巷社区'],
    ['我是五一广场社区的', '五一广场社区'],
    ['在五一广场被人抢了包', undefined],
    ['西湖公园旁边有人钓鱼', undefined],
    ['我住西湖社区', '西湖社区'],
    ['公益诉讼怎么提', undefined],
    ['我在华大街道上班', '华大街道'],
    ['我们华大这一片经常停电', '华大街道'],
    ['鼓楼区东街街道发生的事', '东街街道'],
    ['五凤街道办不作为', '五凤街道'],
    ['水部街道那个菜市场卖病死猪肉', '水部街道'],
    ['我住湖前，房东不退押金', '湖前社区'],
    ['湖前那边的网吧让未成年人进', '湖前社区'],
    ['洪山桥社区的', '洪山桥社区'],
    ['住洪山桥那边', '洪山桥社区'],
    ['我是乌山社区的', '乌山社区'],
    ['在乌山路上被人撞了', undefined],
    ['琴湖小区有人放高利贷', '琴湖社区'],
    ['在左海公园被偷了', undefined],
    ['左海社区有人卖淫', '左海社区'],
    ['家住梦山', '梦山社区'],
    ['我们树兜这边有人在小区里放贷', '树兜社区'],
    ['东大路上', undefined],
    ['在东大社区居委会门口', '东大社区'],
  ])('%s → %s', (text, expected) => {
    expect(places.find(normalizeText(text))).toBe(expected);
  });
});
